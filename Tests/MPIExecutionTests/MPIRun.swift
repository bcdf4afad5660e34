import Foundation
import Glibc
import TestSupport

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
    }

    struct StartError: Error, CustomStringConvertible { let description: String }

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
    private let stdoutPath: String, stderrPath: String
    private let started: Double
    private let lock = NSLock()
    private var ended: (status: Int32?, timedOut: Bool, at: Double)?
    private var ranks: Set<pid_t> = []

    /// Starts `mpirun -np ranks [launcherOptions] gemmbench-mpi arguments`.
    /// `launcherExtra` goes after `launcherOptions` (a later `--mca` wins).
    init(ranks count: Int, _ arguments: [String], environment: [String: String] = [:],
         launcherExtra: [String] = [], timeout: Double = 60) throws {
        guard let executable = Self.executable else {
            throw StartError(description: "gemmbench-mpi is not built next to the test bundle")
        }
        stdoutPath = try Self.temporaryFile()
        stderrPath = try Self.temporaryFile()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var variables = ProcessInfo.processInfo.environment
        variables["GEMMBENCH_FAULT"] = nil
        for (name, value) in Self.launcherEnvironment.merging(environment, uniquingKeysWith: { $1 }) {
            variables[name] = value
        }
        let words = ["mpirun", "-np", String(count)] + Self.launcherOptions + launcherExtra + [executable] + arguments
        let argv = words.map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawnp(&child, "mpirun", &actions, &attributes, argv, envp)
        guard result == 0 else { throw StartError(description: "posix_spawnp mpirun: \(String(cString: strerror(result)))") }
        pid = child
        started = Self.now()
        let deadline = started + timeout
        Thread { [self] in watch(until: deadline) }.start()
    }

    deinit {
        unlink(stdoutPath)
        unlink(stderrPath)
    }

    private func watch(until deadline: Double) {
        var terminated = false
        while true {
            let children = Self.children(of: pid)
            lock.withLock { ranks.formUnion(children) }
            var raw: Int32 = 0
            let result = waitpid(pid, &raw, WNOHANG)
            if result == pid {
                // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
                let status: Int32? = raw & 0x7f == 0 ? (raw >> 8) & 0xff : nil
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
                return Outcome(exitStatus: status, timedOut: timedOut, stdout: Self.read(stdoutPath),
                               stderr: Self.read(stderrPath), seconds: at - started, ranks: lock.withLock { ranks })
            }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
    }

    /// Children of every thread of `pid` (mpirun may fork from a helper thread).
    static func children(of pid: pid_t) -> [pid_t] {
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return threads.flatMap { thread -> [pid_t] in
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/children", encoding: .utf8) else { return [] }
            return text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }

    /// True while `pid` exists and is not a zombie (a zombie has ended: it holds
    /// no memory and no CPU, and init reaps it once mpirun is gone).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")"), stat.index(close, offsetBy: 2) < stat.endIndex else { return false }
        return stat[stat.index(close, offsetBy: 2)] != "Z"
    }

    private static func temporaryFile() throws -> String {
        var template = Array("/tmp/gemmbench-mpi-test-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw StartError(description: "mkstemp failed") }
        close(fd)
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
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

/// Entries of /dev/shm, without POSIX semaphores other programs may create meanwhile.
func sharedMemoryEntries() -> Set<String> {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/dev/shm")) ?? []
    return Set(names.filter { !$0.hasPrefix("sem.") })
}
