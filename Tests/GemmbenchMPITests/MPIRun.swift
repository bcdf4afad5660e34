import Foundation
import Glibc
import TestSupport
import Testing

/// Runs the built gemmbench-mpi under `mpirun` for the tests.
///
/// mpirun starts in its own process group with stdout and stderr in temporary
/// files. A watcher thread reaps it (by pid, never `waitpid(-1)`: other tests'
/// children share this process), notes every rank it started, and enforces a
/// hard deadline: SIGTERM (mpirun then ends its ranks), and SIGKILL to the
/// group a grace period later, so no bug can hang the tests.
final class MPIRun: @unchecked Sendable {
    struct Outcome: Sendable {
        /// mpirun's exit status; nil when it was killed by a signal or timed out.
        let exitStatus: Int32?
        let timedOut: Bool
        let stdout: String
        let stderr: String
        let seconds: Double
        /// Every rank (child of mpirun) seen while it ran.
        let ranks: Set<pid_t>
        /// With `watchStops`: when a rank was first seen stopped (SIGSTOP), on `MPIRun.now()`'s clock.
        let firstStopAt: Double?
        /// With `watchStops`: when mpirun ended, on the same clock.
        let endedAt: Double
    }

    /// gemmbench-mpi beside the gemmbench that `TestSupport` finds.
    static let executable: String? = gemmbenchExecutable().map { $0 + "-mpi" }.flatMap {
        access($0, X_OK) == 0 ? $0 : nil
    }

    /// Options for every test run: ranks may outnumber the 2 cores; messages go
    /// through TCP sockets (ob1 + tcp), the path `--node-split rank` is for;
    /// root is allowed (CI runs as root).
    static let launcherOptions = ["--oversubscribe", "--mca", "pml", "ob1", "--mca", "btl", "self,tcp"]
    static let launcherEnvironment = ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"]
    /// Between mpirun's SIGTERM and the group's SIGKILL on a timeout.
    static let terminationGraceSeconds = 3.0

    let pid: pid_t
    private let process: SpawnedProcess
    private let lock = NSLock()
    private var ended: (status: Int32?, timedOut: Bool, at: Double)?
    private var ranks: Set<pid_t> = []
    private var firstStopAt: Double?
    private let watchStops: Bool

    /// Starts `mpirun -np ranks [launcherOptions] gemmbench-mpi arguments`.
    /// `launcherExtra` goes after `launcherOptions`; Open MPI refuses an `--mca` name given twice.
    /// `watchStops`: also note when a rank is first seen stopped (`Outcome.firstStopAt`).
    /// `launcherOptions` replaces `MPIRun.launcherOptions` (Open MPI refuses an `--mca` name given twice).
    init(ranks count: Int, _ arguments: [String], environment: [String: String] = [:],
         launcherOptions: [String] = MPIRun.launcherOptions, launcherExtra: [String] = [], timeout: Double = 60,
         watchStops: Bool = false) throws {
        self.watchStops = watchStops
        guard let executable = Self.executable else {
            throw SpawnedProcess.StartError(description: "gemmbench-mpi is not built next to the test bundle")
        }
        let words = ["mpirun", "-np", String(count)] + launcherOptions + launcherExtra + [executable] + arguments
        process = try SpawnedProcess.start(
            words, searchPath: true,
            environment: Self.launcherEnvironment.merging(environment, uniquingKeysWith: { $1 }),
            outputPrefix: "gemmbench-mpi-test")
        pid = process.pid
        let deadline = process.startedAt + timeout
        Thread { [self] in watch(until: deadline) }.start()
    }

    deinit { process.removeOutputFiles() }

    private func watch(until deadline: Double) {
        var terminated = false
        while true {
            let children = Self.children(of: pid)
            lock.withLock { ranks.formUnion(children) }
            if watchStops, lock.withLock({ firstStopAt == nil }), children.contains(where: Self.isStopped) {
                let at = Self.now()
                lock.withLock { firstStopAt = at }
            }
            var raw: Int32 = 0
            let result = waitpid(pid, &raw, WNOHANG)
            if result == pid {
                var status: Int32?
                if case .exited(let code) = WaitStatus(raw: raw) { status = code }
                lock.withLock { ended = (status, terminated, Self.now()) }
                return
            }
            if result == -1 && errno != EINTR {
                lock.withLock { ended = (nil, terminated, Self.now()) }
                return
            }
            let now = Self.now()
            if now > deadline && !terminated {
                kill(pid, SIGTERM)
                terminated = true
            } else if terminated && now > deadline + Self.terminationGraceSeconds {
                kill(-pid, SIGKILL)
            }
            usleep(1_000)
        }
    }

    func wait() async -> Outcome {
        while true {
            if let (status, timedOut, at) = lock.withLock({ ended }) {
                return Outcome(exitStatus: status, timedOut: timedOut, stdout: process.stdout,
                               stderr: process.stderr, seconds: at - process.startedAt, ranks: lock.withLock { ranks },
                               firstStopAt: lock.withLock { firstStopAt }, endedAt: at)
            }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
    }

    /// The ranks seen so far and when one was first seen stopped (with `watchStops`), while mpirun runs.
    var progress: (ranks: Set<pid_t>, firstStopAt: Double?) { lock.withLock { (ranks, firstStopAt) } }

    /// Children of every thread of `pid` (mpirun may fork from a helper thread).
    static func children(of pid: pid_t) -> [pid_t] { childProcesses(of: pid) ?? [] }

    /// True while `pid` is stopped (state T in /proc/PID/stat).
    static func isStopped(_ pid: pid_t) -> Bool {
        let stat = readText("/proc/\(pid)/stat")
        guard let close = stat.lastIndex(of: ")"), stat.index(close, offsetBy: 2) < stat.endIndex else { return false }
        return stat[stat.index(close, offsetBy: 2)] == "T"
    }

    /// Waits up to `seconds` for `ranks` to end, then SIGKILLs any still there
    /// (a stopped one included) so no test leaves a rank behind, even a failing
    /// one; returns those it had to kill.
    static func killSurvivors(_ ranks: Set<pid_t>, after seconds: Double = 5) -> [pid_t] {
        let deadline = now() + seconds
        while now() < deadline, ranks.contains(where: isRunning) { usleep(10_000) }
        let survivors = ranks.filter(isRunning).sorted()
        for pid in survivors { kill(pid, SIGKILL) }
        return survivors
    }

    static func now() -> Double { TestClock.now() }
}

/// Runs gemmbench-mpi on `ranks` ranks to completion.
func runMPI(ranks: Int, _ arguments: [String], environment: [String: String] = [:],
            launcherExtra: [String] = [], timeout: Double = 60) async throws -> MPIRun.Outcome {
    try await MPIRun(ranks: ranks, arguments, environment: environment, launcherExtra: launcherExtra,
                     timeout: timeout).wait()
}

/// The lines gemmbench-mpi itself wrote to stderr (mpirun adds its own boxes).
func ownLines(_ stderr: String) -> [Substring] {
    stderr.split(separator: "\n").filter { $0.hasPrefix("gemmbench-mpi: ") }
}

/// Entries of /dev/shm but POSIX semaphores other programs may create meanwhile:
/// Open MPI's own segments count here, since a killed rank must not leave them.
func sharedMemoryEntries() -> Set<String> { sharedMemoryEntries(ignoring: ["sem."]) }

/// Runs gemmbench-mpi with `arguments` on 2 ranks under `GEMMBENCH_FAULT=kill-rank`
/// (the last rank SIGKILLs itself mid-run) and checks the job ends as it must:
/// non-zero, the dead rank named, no result printed, no rank left running and
/// nothing new in /dev/shm.
func expectKilledRankEndsTheJob(_ arguments: [String]) async throws {
    let shmBefore = sharedMemoryEntries()
    let outcome = try await runMPI(ranks: 2, arguments, environment: ["GEMMBENCH_FAULT": "kill-rank"], timeout: 60)
    #expect(!outcome.timedOut, "mpirun had to be stopped: \(outcome.stderr)")
    #expect(outcome.exitStatus != 0, "the job must fail")
    #expect(outcome.stderr.contains("rank 1"), "the dead rank is named: \(outcome.stderr)")
    #expect(!outcome.stdout.contains("PASS"), "no result from a broken job")
    #expect(outcome.ranks.count == 2, "both ranks were seen: \(outcome.ranks)")
    // mpirun has ended every rank by the time it exits; allow /proc a moment.
    let deadline = MPIRun.now() + 5
    while MPIRun.now() < deadline, outcome.ranks.contains(where: isRunning) { usleep(10_000) }
    for pid in outcome.ranks { #expect(!isRunning(pid), "rank pid \(pid) still running") }
    // gemmbench's own tests may create files there meanwhile; the window's is Open MPI's (osc_sm.*).
    let left = sharedMemoryEntries().subtracting(shmBefore).filter { !$0.hasPrefix("gemmbench-") }
    #expect(left.isEmpty, "left in /dev/shm: \(left)")
}
