import Glibc
import CSupport

/// A process id.
public struct ProcessID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: pid_t
    public init(rawValue: pid_t) { self.rawValue = rawValue }
    public var description: String { "pid \(rawValue)" }

    /// The corresponding C function is `getpid`.
    public static var current: ProcessID { ProcessID(rawValue: getpid()) }
    /// The corresponding C function is `getppid`.
    public static var parent: ProcessID { ProcessID(rawValue: getppid()) }
}

/// How a child ended.
public enum ExitStatus: Equatable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Signal)

    /// Decodes a `waitpid` status: the one place gemmbench does. WIFEXITED,
    /// WEXITSTATUS and WTERMSIG are C macros Swift cannot import; spelled out here.
    public init(waitStatus status: Int32) {
        self = status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signalled(Signal(rawValue: status & 0x7f))
    }

    public var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signalled(let signal): return "killed by \(signal)"
        }
    }
}

/// How `spawnProcess` sets up the child.
public struct SpawnOptions {
    /// Each `source` is duplicated onto `target` in the child; nothing else is
    /// inherited (every descriptor gemmbench opens is close-on-exec).
    public var descriptors: [(source: FileDescriptor, target: Int32)] = []
    /// Replace or add these variables in a copy of this process's environment.
    public var environmentOverrides: [String: String] = [:]
    /// Look a `path` without a slash up in PATH (`posix_spawnp`).
    public var searchPath = false
    /// The child's standard input reads /dev/null.
    public var standardInputFromNull = false
    public init() {}
}

/// Starts `path` with `arguments` (argv[0] included).
/// The corresponding C functions are `posix_spawn` / `posix_spawnp`.
public func spawnProcess(path: String, arguments: [String], options: SpawnOptions = SpawnOptions()) throws(Errno) -> ProcessID {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if options.standardInputFromNull {
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    }
    // The file actions run in order, so a source that happens to sit on another
    // entry's target number would be overwritten first. Duplicating every source
    // above the targets beforehand makes the order irrelevant.
    let floor = max(options.descriptors.map(\.target).max() ?? 0, 2) + 1
    var staged: [Int32] = []
    defer { for fd in staged { Glibc.close(fd) } }
    for (source, target) in options.descriptors {
        let copy = try retryOnInterrupt("fcntl(F_DUPFD_CLOEXEC)") { fcntl(source.rawValue, F_DUPFD_CLOEXEC, floor) }.get()
        staged.append(copy)
        // dup2 onto a different number clears close-on-exec on the copy, which is
        // how the child inherits exactly these descriptors and nothing else.
        posix_spawn_file_actions_adddup2(&actions, copy, target)
    }
    // The child starts with no signal blocked, whatever the spawning thread
    // blocks (a test runner's or a runtime's worker thread may block SIGTERM,
    // which exec would otherwise pass on). Ignored signals stay ignored.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    var cArguments = arguments.map { strdup($0) } + [nil]
    defer { for pointer in cArguments { free(pointer) } }
    var cEnvironment = environmentEntries(overriding: options.environmentOverrides).map { strdup($0) } + [nil]
    defer { for pointer in cEnvironment { free(pointer) } }
    var pid: pid_t = 0
    func attempt() -> Int32 {
        options.searchPath ? posix_spawnp(&pid, path, &actions, &attributes, &cArguments, &cEnvironment)
                           : posix_spawn(&pid, path, &actions, &attributes, &cArguments, &cEnvironment)
    }
    var status = attempt()
    // ETXTBSY: another thread's child, between its clone and exec, still holds a
    // write descriptor of `path` that was just written (tests write stub
    // binaries while other tests spawn). It clears within milliseconds.
    for _ in 0..<spawnBusyRetries where status == ETXTBSY {
        usleep(spawnBusyRetryMicroseconds)
        status = attempt()
    }
    guard status == 0 else { throw Errno("posix_spawn(\(path))", code: status) }
    return ProcessID(rawValue: pid)
}

/// ETXTBSY retries: 20 × 10 ms covers the clone-to-exec window with room to spare.
let spawnBusyRetries = 20
let spawnBusyRetryMicroseconds: UInt32 = 10_000

/// "NAME=value" entries of this process's environment, with `overrides` replacing or adding names.
func environmentEntries(overriding overrides: [String: String]) -> [String] {
    var entries: [String] = []
    var cursor = environ
    while let entry = cursor.pointee {
        let text = String(cString: entry)
        let name = text.split(separator: "=", maxSplits: 1).first.map(String.init) ?? text
        if overrides[name] == nil { entries.append(text) }
        cursor += 1
    }
    for (name, value) in overrides.sorted(by: { $0.key < $1.key }) { entries.append("\(name)=\(value)") }
    return entries
}

/// Reaps `pid` if it has ended (or waits for it when `block`). nil: still running.
/// `.exited(-1)` when there is no such child to reap (ECHILD).
/// The corresponding C function is `waitpid`.
public func reap(_ pid: ProcessID, block: Bool) -> ExitStatus? {
    var status: Int32 = 0
    switch retryOnInterrupt("waitpid", { waitpid(pid.rawValue, &status, block ? 0 : WNOHANG) }) {
    case .failure: return .exited(-1)
    case .success(0): return nil
    case .success: return ExitStatus(waitStatus: status)
    }
}

/// Asks the kernel to send `signal` to this process when its parent dies, so a
/// worker never outlives a coordinator that was SIGKILLed.
/// The corresponding C call is `prctl(PR_SET_PDEATHSIG)`.
public func setParentDeathSignal(_ signal: Signal) {
    _ = gb_set_parent_death_signal(signal.rawValue)
}

/// Replaces this process with `/proc/self/exe` and `arguments` (argv[0] included)
/// and the current environment. Returns only if exec failed, with the reason.
/// The corresponding C function is `execv`.
public func reexecuteSelf(arguments: [String]) -> Errno {
    var cArguments = arguments.map { strdup($0) } + [nil]
    execv("/proc/self/exe", &cArguments)
    let error = Errno("execv(/proc/self/exe)")
    for pointer in cArguments { free(pointer) }
    return error
}

/// Ends the process with `status` (stdio flushed). The corresponding C function is `exit`.
public func exitProcess(_ status: Int32) -> Never { exit(status) }

/// Ends the process with `status` after flushing stdio, without atexit
/// handlers or library destructors. For a run that failed: OpenBLAS's
/// destructor (gotoblas_quit) joins its threads, and one still spinning in its
/// allocator under `ulimit -v` kept the process at 80% CPU after its exit-3
/// line. Call it only once everything the process owns is released (workers
/// reaped, temporaries removed): nothing else runs after it.
/// The corresponding C functions are `fflush` and `_exit`.
public func exitWithoutTeardown(_ status: Int32) -> Never {
    fflush(nil)
    _exit(status)
}

/// Ends the process with `status` at once: no exit handlers, no flushing. For a
/// thread that must end the process while another thread is inside a library
/// (MPI) whose exit handlers could wait for that thread.
/// The corresponding C function is `_exit`.
public func exitImmediately(_ status: Int32) -> Never { _exit(status) }
