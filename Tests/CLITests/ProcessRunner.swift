import Foundation
import Glibc
import TestSupport

/// Runs the built gemmbench as a child process for the CLI tests.
///
/// Every child gets its own process group, stdout and stderr in temporary
/// files, default signal dispositions and an empty signal mask. A watcher
/// thread (not the test's task, which a busy cooperative pool may not resume
/// for seconds) reaps it, notes the exit time and the child's own children, and
/// enforces a hard deadline: on timeout the whole group (coordinator and its
/// workers) is SIGKILLed and reaped, so no bug in gemmbench can hang the tests.
final class ChildProcess: @unchecked Sendable {
    enum Status: Equatable, Sendable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
        var description: String {
            switch self {
            case .exited(let code): return "exit status \(code)"
            case .signalled(let signal): return "killed by signal \(signal)"
            case .timedOut: return "timed out (killed by the test)"
            }
        }
    }

    struct Outcome: Sendable {
        let status: Status
        let stdout: String
        /// stderr without the core-choice notice (see `withoutCoreChoiceNotice`).
        let stderr: String
        /// stderr exactly as written, notice included.
        let unfilteredStderr: String
        /// From the spawn to the moment the watcher saw the exit.
        let seconds: Double
        /// Monotonic time of the exit (see `ChildProcess.now`).
        let endedAt: Double
        /// Every pid ever listed in /proc/PID/task/PID/children while it ran.
        let observedChildren: Set<pid_t>
    }

    let pid: pid_t
    let arguments: [String]
    private let process: SpawnedProcess
    private let lock = NSLock()
    private var ended: (status: Status, at: Double)?
    private var children: Set<pid_t> = []
    private var terminateRequested = false

    /// The built gemmbench (see `gemmbenchExecutable`).
    static let executable: String? = gemmbenchExecutable()

    /// Starts gemmbench with `arguments`; `environment` entries replace or add
    /// variables (GEMMBENCH_FAULT is removed unless given here). The child is
    /// killed `timeout` seconds after the start if it has not exited.
    /// `stdout` and `stderr` say where those streams go (captured by default);
    /// `launcher` words come before gemmbench's path (a shell that sets a
    /// `ulimit` and execs it, `LimitedProcess`).
    init(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 60,
         launcher: [String] = [],
         stdout: SpawnedProcess.Stream = .captured, stderr: SpawnedProcess.Stream = .captured) throws {
        guard let executable = Self.executable else {
            throw SpawnedProcess.StartError(description: "gemmbench is not built next to the test bundle")
        }
        self.arguments = arguments
        process = try SpawnedProcess.start(launcher + [executable] + arguments, environment: environment,
                                           stdout: stdout, stderr: stderr, outputPrefix: "gemmbench-cli-test")
        pid = process.pid
        let deadline = process.startedAt + timeout
        let watcher = Thread { [self] in watch(until: deadline) }
        watcher.start()
    }

    deinit { process.removeOutputFiles() }

    /// The watcher thread: polls every millisecond until the child has been reaped.
    private func watch(until deadline: Double) {
        while true {
            let current = childPIDs
            lock.withLock { children.formUnion(current) }
            if let status = reap(block: false) {
                lock.withLock { ended = (status, Self.now()) }
                return
            }
            if Self.now() > deadline || lock.withLock({ terminateRequested }) {
                kill(-pid, SIGKILL)
                _ = reap(block: true)
                lock.withLock { ended = (.timedOut, Self.now()) }
                return
            }
            usleep(1_000)
        }
    }

    /// Waits (without blocking a thread) until the watcher has reaped the child.
    func wait() async -> Outcome {
        while true {
            if let (status, at) = lock.withLock({ ended }) {
                let stderr = process.stderr
                return Outcome(status: status, stdout: process.stdout,
                               stderr: withoutCoreChoiceNotice(stderr), unfilteredStderr: stderr,
                               seconds: at - process.startedAt, endedAt: at, observedChildren: lock.withLock { children })
            }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
    }

    /// Kills the child's process group unless it has already ended. The watcher
    /// does the kill, before reaping, so the pid can't have been reused.
    /// For tests that stop early: `defer { child.terminate() }`.
    func terminate() {
        lock.withLock { terminateRequested = true }
    }

    /// stderr written so far (while the child runs).
    var stderrSoFar: String { process.stderr }

    /// The child's own children, from /proc/PID/task/PID/children (empty once it
    /// has exited); on a kernel without that file, its workers found by command line.
    var childPIDs: [pid_t] { childProcesses(of: pid) ?? workersOf(parent: pid) }

    func send(_ signal: Int32) { kill(pid, signal) }

    private func reap(block: Bool) -> Status? {
        var raw: Int32 = 0
        while true {
            let result = waitpid(pid, &raw, block ? 0 : WNOHANG)
            if result == -1 && errno == EINTR { continue }
            if result == 0 { return nil }
            if result == -1 { return .exited(-1) }
            break
        }
        switch WaitStatus(raw: raw) {
        case .exited(let code): return .exited(code)
        case .signalled(let signal): return .signalled(signal)
        }
    }

    static func now() -> Double { TestClock.now() }
}

/// `stderr` without the one documented line gemmbench prints when it re-executes
/// itself with a better OpenBLAS core (on CPUs Debian's OpenBLAS does not know,
/// e.g. Intel family 6 model 207): the tests judge everything else it prints.
func withoutCoreChoiceNotice(_ stderr: String) -> String {
    var kept = stderr.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !($0.hasPrefix("gemmbench: ") && $0.contains("re-running with OPENBLAS_CORETYPE=")) }
        .joined(separator: "\n")
    if kept == "\n" { kept = "" }
    return kept
}

/// Runs gemmbench to completion (hard timeout `timeout` seconds).
func runGemmbench(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 60,
                  stdout: SpawnedProcess.Stream = .captured,
                  stderr: SpawnedProcess.Stream = .captured) async throws -> ChildProcess.Outcome {
    let child = try ChildProcess(arguments, environment: environment, timeout: timeout, stdout: stdout, stderr: stderr)
    return await child.wait()
}

/// Polls `condition` every 5 ms until it holds or `timeout` seconds pass.
func waitUntil(timeout: Double, _ condition: () -> Bool) async -> Bool {
    let deadline = ChildProcess.now() + timeout
    while ChildProcess.now() < deadline {
        if condition() { return true }
        try? await Task.sleep(nanoseconds: 5_000_000)
    }
    return condition()
}

/// Live `gemmbench __worker` processes started by coordinator `parent`
/// (workers carry `--parent PID` on their command line).
func workersOf(parent: pid_t) -> [pid_t] {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
    return entries.compactMap { name -> pid_t? in
        guard let pid = pid_t(name),
              let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else { return nil }
        let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        guard words.contains("__worker"), let flag = words.firstIndex(of: "--parent"),
              flag + 1 < words.count, words[flag + 1] == String(parent) else { return nil }
        return pid
    }
}

/// Entries of /dev/shm that could be gemmbench's. Entries other programs make
/// while these tests run are left out: POSIX semaphores, Open MPI's shared-memory
/// transport (the MPI tests in this same `swift test` run), and fuzz inputs.
func sharedMemoryEntries() -> Set<String> {
    sharedMemoryEntries(ignoring: ["sem.", "vader_segment.", "sm_segment.", "osc_rdma", "gemmbench-fuzz-"])
}
