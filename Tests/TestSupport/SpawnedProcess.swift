import Foundation
import Glibc

/// A program the tests start: in its own process group (so a test can kill it
/// and everything it started), stdin from /dev/null, stdout and stderr in
/// temporary files, an empty signal mask and default signal dispositions
/// (whatever the test runner set), and `GEMMBENCH_FAULT` removed unless the
/// test sets it. Shared by the CLI and MPI test targets, which wrap it with
/// their own watchers.
public struct SpawnedProcess: Sendable {
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public let pid: pid_t
    public let stdoutPath: String
    public let stderrPath: String
    /// `TestClock.now()` just after the spawn.
    public let startedAt: Double

    /// Where the child's stdout or stderr goes.
    public enum Stream: Sendable {
        /// A temporary file the test reads back (`stdout`, `stderr`).
        case captured
        /// A file opened for writing (e.g. /dev/full).
        case path(String)
        /// The test's own descriptor, e.g. the write end of a pipe whose read end is closed.
        case descriptor(Int32)
        /// No descriptor at all (`>&-`).
        case closed
    }

    /// Starts `words[0]` with `words` as its argv. With `searchPath` the program
    /// is looked up in PATH (`posix_spawnp`); otherwise `words[0]` is a path.
    /// `environment` entries replace or add variables. `stdout` and `stderr`
    /// say where those streams go (captured in temporary files by default).
    public static func start(_ words: [String], searchPath: Bool = false, environment: [String: String] = [:],
                             stdout: Stream = .captured, stderr: Stream = .captured,
                             outputPrefix: String) throws -> SpawnedProcess {
        let stdoutPath = try temporaryFile(prefix: outputPrefix)
        let stderrPath = try temporaryFile(prefix: outputPrefix)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for (descriptor, stream, capture) in [(Int32(1), stdout, stdoutPath), (2, stderr, stderrPath)] {
            switch stream {
            case .captured: posix_spawn_file_actions_addopen(&actions, descriptor, capture, O_WRONLY | O_TRUNC, 0o600)
            case .path(let path): posix_spawn_file_actions_addopen(&actions, descriptor, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            case .descriptor(let own): posix_spawn_file_actions_adddup2(&actions, own, descriptor)
            case .closed: posix_spawn_file_actions_addclose(&actions, descriptor)
            }
        }

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
        let argv = words.map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var child: pid_t = 0
        let result = searchPath
            ? posix_spawnp(&child, words[0], &actions, &attributes, argv, envp)
            : posix_spawn(&child, words[0], &actions, &attributes, argv, envp)
        guard result == 0 else {
            unlink(stdoutPath)
            unlink(stderrPath)
            throw StartError(description: "posix_spawn \(words[0]): \(String(cString: strerror(result)))")
        }
        return SpawnedProcess(pid: child, stdoutPath: stdoutPath, stderrPath: stderrPath, startedAt: TestClock.now())
    }

    public var stdout: String { readText(stdoutPath) }
    public var stderr: String { readText(stderrPath) }

    /// Deletes the two output files (call once the outputs have been read).
    public func removeOutputFiles() {
        unlink(stdoutPath)
        unlink(stderrPath)
    }

    private static func temporaryFile(prefix: String) throws -> String {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw StartError(description: "mkstemp failed") }
        close(fd)
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A reaped child's wait status. `WIFEXITED`, `WEXITSTATUS` and `WTERMSIG` are
/// C macros Swift cannot import, so the bit layout is decoded here, once.
public enum WaitStatus: Equatable, Sendable {
    case exited(Int32)
    case signalled(Int32)

    public init(raw: Int32) {
        self = raw & 0x7f == 0 ? .exited((raw >> 8) & 0xff) : .signalled(raw & 0x7f)
    }
}

/// The monotonic clock the test watchers time with.
public enum TestClock {
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// A file's text, or "" when it cannot be read.
public func readText(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}

/// The children of every thread of `pid` (mpirun forks from a helper thread),
/// from /proc/PID/task/TID/children; nil when the kernel lacks that file.
public func childProcesses(of pid: pid_t) -> [pid_t]? {
    guard let threads = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return [] }
    var found: [pid_t] = []
    for thread in threads {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/children", encoding: .utf8) else {
            return nil
        }
        found += text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
    return found
}

/// Why `pid` still exists ("running", "a zombie"), or nil when it is gone or a
/// zombie (a zombie has ended: it holds no memory and no CPU) and `zombiesCount`
/// is false.
public func survivor(_ pid: pid_t, zombiesCount: Bool = true) -> String? {
    if kill(pid, 0) == -1 && errno == ESRCH { return nil }
    let stat = readText("/proc/\(pid)/stat")
    // The state letter follows the ")" that ends the command name.
    if let close = stat.lastIndex(of: ")"), stat.index(close, offsetBy: 2) < stat.endIndex,
       stat[stat.index(close, offsetBy: 2)] == "Z" {
        return zombiesCount ? "pid \(pid) is a zombie nobody reaped" : nil
    }
    return "pid \(pid) is still running"
}

/// True while `pid` exists and is not a zombie (running or stopped): a zombie
/// has ended, holds no memory and no CPU, and is reaped once its parent goes.
public func isRunning(_ pid: pid_t) -> Bool { survivor(pid, zombiesCount: false) != nil }

/// Entries of /dev/shm, less those whose names start with one of `ignoring`
/// (other programs' entries that may appear while a test runs).
public func sharedMemoryEntries(ignoring prefixes: [String]) -> Set<String> {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/dev/shm")) ?? []
    return Set(names.filter { name in !prefixes.contains { name.hasPrefix($0) } })
}
