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

    struct StartError: Error, CustomStringConvertible { let description: String }

    let pid: pid_t
    let arguments: [String]
    private let stdoutPath: String
    private let stderrPath: String
    private let started: Double
    private let lock = NSLock()
    private var ended: (status: Status, at: Double)?
    private var children: Set<pid_t> = []
    private var terminateRequested = false

    /// The built gemmbench (see `gemmbenchExecutable`).
    static let executable: String? = gemmbenchExecutable()

    /// Starts gemmbench with `arguments`; `environment` entries replace or add
    /// variables (GEMMBENCH_FAULT is removed unless given here). The child is
    /// killed `timeout` seconds after the start if it has not exited.
    init(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 60) throws {
        guard let executable = Self.executable else {
            throw StartError(description: "gemmbench is not built next to the test bundle")
        }
        self.arguments = arguments
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
        for (name, value) in environment { variables[name] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw StartError(description: "posix_spawn: \(String(cString: strerror(result)))") }
        pid = child
        started = Self.now()
        let deadline = started + timeout
        let watcher = Thread { [self] in watch(until: deadline) }
        watcher.start()
    }

    deinit {
        unlink(stdoutPath)
        unlink(stderrPath)
    }

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
                let stderr = Self.read(stderrPath)
                return Outcome(status: status, stdout: Self.read(stdoutPath),
                               stderr: withoutCoreChoiceNotice(stderr), unfilteredStderr: stderr,
                               seconds: at - started, endedAt: at, observedChildren: lock.withLock { children })
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
    var stderrSoFar: String { Self.read(stderrPath) }

    /// The child's own children, from /proc/PID/task/PID/children (empty once it
    /// has exited); on a kernel without that file, its workers found by command line.
    var childPIDs: [pid_t] {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8) else {
            return workersOf(parent: pid)
        }
        return text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

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
        // WIFEXITED / WTERMSIG are C macros Swift cannot import.
        return raw & 0x7f == 0 ? .exited((raw >> 8) & 0xff) : .signalled(raw & 0x7f)
    }

    private static func temporaryFile() throws -> String {
        var template = Array("/tmp/gemmbench-cli-test-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw StartError(description: "mkstemp failed") }
        close(fd)
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
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
func runGemmbench(_ arguments: [String], environment: [String: String] = [:],
                  timeout: Double = 60) async throws -> ChildProcess.Outcome {
    let child = try ChildProcess(arguments, environment: environment, timeout: timeout)
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

/// Why `pid` still exists ("running", "zombie"), or nil when it is gone (kill → ESRCH).
func survivor(_ pid: pid_t) -> String? {
    if kill(pid, 0) == -1 && errno == ESRCH { return nil }
    let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
    // The state letter follows the ")" that ends the command name.
    if let close = stat.lastIndex(of: ")"), stat.index(close, offsetBy: 2) < stat.endIndex,
       stat[stat.index(close, offsetBy: 2)] == "Z" {
        return "pid \(pid) is a zombie nobody reaped"
    }
    return "pid \(pid) is still running"
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

/// Entries of /dev/shm, without POSIX semaphores ("sem.*") other programs may create meanwhile.
func sharedMemoryEntries() -> Set<String> {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/dev/shm")) ?? []
    // Entries other programs make while these tests run in parallel with them are not
    // gemmbench's: POSIX semaphores, Open MPI's shared-memory transport (the MPI tests
    // in this same `swift test` run), and fuzz inputs.
    let foreign = ["sem.", "vader_segment.", "sm_segment.", "osc_rdma", "gemmbench-fuzz-"]
    return Set(names.filter { name in !foreign.contains { name.hasPrefix($0) } })
}
