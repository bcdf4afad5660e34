import Glibc
import CSupport
import GemmCore

// The one file in gemmbench that talks to the kernel about descriptors,
// memory mappings and processes (after apple/swift-system's Syscalls.swift).
// Everything above it sees typed values and `SystemError`, never a bare Int32
// that could mean anything.

/// A failed system call: which call, on what, and errno's text.
public struct SystemError: Error, CustomStringConvertible, Equatable {
    public let call: String
    public let errno: Int32
    public var description: String { "\(call): \(String(cString: strerror(errno)))" }

    init(_ call: String, errno: Int32 = Glibc.errno) {
        self.call = call
        self.errno = errno
    }
}

/// An open file descriptor (not owned: whoever made it closes it).
public struct FileDescriptor: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public var description: String { "fd \(rawValue)" }

    /// The corresponding C function is `close`. Errors are ignored: on Linux the
    /// descriptor is gone either way and retrying could close someone else's.
    public func close() { _ = Glibc.close(rawValue) }

    /// Writes all of `count` bytes, retrying on EINTR and short writes.
    /// The corresponding C function is `write`.
    public func writeAll(_ bytes: UnsafeRawPointer, count: Int) throws(SystemError) {
        var done = 0
        while done < count {
            let n = Glibc.write(rawValue, bytes + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("write")
            }
            done += n
        }
    }

    /// Reads exactly `count` bytes. Returns false on end-of-file before the first
    /// byte; throws on an error or on end-of-file part-way (a truncated record).
    /// The corresponding C function is `read`.
    public func readExactly(into bytes: UnsafeMutableRawPointer, count: Int) throws(SystemError) -> Bool {
        var done = 0
        while done < count {
            let n = Glibc.read(rawValue, bytes + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("read")
            }
            if n == 0 {
                if done == 0 { return false }
                throw SystemError("read (end of file after \(done) of \(count) bytes)", errno: EPIPE)
            }
            done += n
        }
        return true
    }

    /// Makes reads and writes on this descriptor return EAGAIN instead of
    /// blocking, so `readExactly(into:count:deadline:)` and
    /// `writeAll(_:count:deadline:)` can wait in `poll` with a deadline.
    /// The corresponding C call is `fcntl(F_SETFL, O_NONBLOCK)`.
    public func setNonBlocking() throws(SystemError) {
        let flags = fcntl(rawValue, F_GETFL)
        guard flags >= 0, fcntl(rawValue, F_SETFL, flags | O_NONBLOCK) == 0 else { throw SystemError("fcntl(O_NONBLOCK)") }
    }

    /// Reads exactly `count` bytes from a non-blocking descriptor, waiting in
    /// `poll` for more until `deadline` (monotonic seconds). Returns how far it
    /// got: all of it, end-of-file after some bytes, or the deadline first.
    /// The corresponding C functions are `read` and `poll`.
    public func readExactly(into bytes: UnsafeMutableRawPointer, count: Int,
                            deadline: Double) throws(SystemError) -> Transfer {
        var done = 0
        while done < count {
            let n = Glibc.read(rawValue, bytes + done, count - done)
            if n > 0 { done += n; continue }
            if n == 0 { return .endOfFile(after: done) }
            switch errno {
            case EINTR: continue
            case EAGAIN: if try !waitUntilReady(POLLIN, deadline: deadline) { return .expired(after: done) }
            default: throw SystemError("read")
            }
        }
        return .complete
    }

    /// Writes all `count` bytes to a non-blocking descriptor, waiting in `poll`
    /// for room until `deadline` (monotonic seconds). Throws on an error
    /// (EPIPE when the reader is gone). The corresponding C functions are `write` and `poll`.
    public func writeAll(_ bytes: UnsafeRawPointer, count: Int, deadline: Double) throws(SystemError) -> Transfer {
        var done = 0
        while done < count {
            let n = Glibc.write(rawValue, bytes + done, count - done)
            if n >= 0 { done += n; continue }
            switch errno {
            case EINTR: continue
            case EAGAIN: if try !waitUntilReady(POLLOUT, deadline: deadline) { return .expired(after: done) }
            default: throw SystemError("write")
            }
        }
        return .complete
    }

    /// False when `deadline` passed first; true when `events` (or a hang-up) arrived.
    private func waitUntilReady(_ events: Int32, deadline: Double) throws(SystemError) -> Bool {
        while true {
            let left = deadline - monotonicSeconds()
            if left <= 0 { return false }
            var entry = pollfd(fd: rawValue, events: Int16(events), revents: 0)
            let ready = poll(&entry, 1, pollTimeoutMilliseconds(left))
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { throw SystemError("poll") }
        }
    }

    /// Grows a pipe's kernel buffer so large messages move in fewer wake-ups.
    /// Best effort: the default 64 KiB still works. The corresponding C call is `fcntl(F_SETPIPE_SZ)`.
    public func growPipeBuffer(to bytes: Int32) {
        _ = fcntl(rawValue, 1031 /* F_SETPIPE_SZ */, bytes)
    }

    /// The file's size in bytes. The corresponding C function is `fstat`.
    public func size() throws(SystemError) -> Int {
        var info = stat()
        guard fstat(rawValue, &info) == 0 else { throw SystemError("fstat") }
        return Int(info.st_size)
    }
}

/// How far a transfer with a deadline got.
public enum Transfer: Equatable, Sendable {
    case complete
    /// The other end closed after this many bytes.
    case endOfFile(after: Int)
    /// The deadline passed after this many bytes.
    case expired(after: Int)
}

/// `seconds` as a poll timeout: rounded up to whole milliseconds (so a wait
/// never ends just short of its deadline) and capped at Int32.max.
func pollTimeoutMilliseconds(_ seconds: Double) -> Int32 {
    Int32(min(max((seconds * 1000).rounded(.up), 0), Double(Int32.max)))
}

/// A pipe; both ends close-on-exec, so a child gets only the ends it is handed.
/// The corresponding C function is `pipe2(O_CLOEXEC)`.
public func makePipe() throws(SystemError) -> (read: FileDescriptor, write: FileDescriptor) {
    var fds: [Int32] = [0, 0]
    guard gb_pipe_cloexec(&fds) == 0 else { throw SystemError("pipe2") }
    return (FileDescriptor(rawValue: fds[0]), FileDescriptor(rawValue: fds[1]))
}

/// Anonymous shared memory of `bytes` bytes that no other process can open by
/// name and that vanishes with its last descriptor and mapping.
/// The corresponding C functions are `memfd_create` and `ftruncate`.
public func makeSharedMemory(name: String, bytes: Int) throws(SystemError) -> FileDescriptor {
    let fd = gb_memfd_create(name)
    guard fd >= 0 else { throw SystemError("memfd_create") }
    guard ftruncate(fd, off_t(bytes)) == 0 else {
        let error = SystemError("ftruncate(\(bytes) bytes)")
        Glibc.close(fd)
        throw error
    }
    return FileDescriptor(rawValue: fd)
}

/// Maps `bytes` of `fd` read-write and shared. The corresponding C function is `mmap`.
public func mapShared(_ fd: FileDescriptor, bytes: Int) throws(SystemError) -> UnsafeMutableRawPointer {
    let address = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd.rawValue, 0)
    guard let address, address != MAP_FAILED else { throw SystemError("mmap(\(bytes) bytes)") }
    return address
}

/// The corresponding C function is `munmap`.
public func unmap(_ address: UnsafeMutableRawPointer, bytes: Int) {
    _ = munmap(address, bytes)
}

/// A child process id.
public struct ProcessID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: pid_t
    public var description: String { "pid \(rawValue)" }
}

/// How a child ended.
public enum ExitStatus: Equatable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    public var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signalled(let signal): return "killed by signal \(signal) (\(signalName(signal)))"
        }
    }
}

func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGKILL: return "SIGKILL"
    case SIGTERM: return "SIGTERM"
    case SIGINT: return "SIGINT"
    case SIGSEGV: return "SIGSEGV"
    case SIGABRT: return "SIGABRT"
    case SIGBUS: return "SIGBUS"
    case SIGILL: return "SIGILL"
    case SIGPIPE: return "SIGPIPE"
    default: return "signal \(signal)"
    }
}

/// Starts `path` with `arguments` (argv[0] included) and the current environment
/// with `environmentOverrides` applied, after duplicating each `(source, target)`
/// descriptor onto `target` in the child. The corresponding C function is `posix_spawn`.
public func spawnProcess(path: String, arguments: [String],
                         descriptors: [(source: FileDescriptor, target: Int32)],
                         environmentOverrides: [String: String] = [:]) throws(SystemError) -> ProcessID {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // The file actions run in order, so a source that happens to sit on another
    // entry's target number would be overwritten first. Duplicating every source
    // above the targets beforehand makes the order irrelevant.
    let floor = (descriptors.map(\.target).max() ?? 0) + 1
    var staged: [Int32] = []
    defer { for fd in staged { Glibc.close(fd) } }
    for (source, target) in descriptors {
        let copy = fcntl(source.rawValue, F_DUPFD_CLOEXEC, floor)
        guard copy >= 0 else { throw SystemError("fcntl(F_DUPFD_CLOEXEC)") }
        staged.append(copy)
        // dup2 onto a different number clears close-on-exec on the copy, which is
        // how the child inherits exactly these descriptors and nothing else.
        posix_spawn_file_actions_adddup2(&actions, copy, target)
    }
    var cArguments = arguments.map { strdup($0) } + [nil]
    defer { for pointer in cArguments { free(pointer) } }
    var cEnvironment = environmentEntries(overriding: environmentOverrides).map { strdup($0) } + [nil]
    defer { for pointer in cEnvironment { free(pointer) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, path, &actions, nil, &cArguments, &cEnvironment)
    guard status == 0 else { throw SystemError("posix_spawn(\(path))", errno: status) }
    return ProcessID(rawValue: pid)
}

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
/// The corresponding C function is `waitpid`.
public func reap(_ pid: ProcessID, block: Bool) -> ExitStatus? {
    var status: Int32 = 0
    while true {
        let result = waitpid(pid.rawValue, &status, block ? 0 : WNOHANG)
        if result == -1 && errno == EINTR { continue }
        if result <= 0 { return result == 0 ? nil : .exited(-1) }
        break
    }
    // WIFEXITED / WTERMSIG are C macros Swift cannot import; spelled out here.
    if status & 0x7f == 0 { return .exited((status >> 8) & 0xff) }
    return .signalled(status & 0x7f)
}

/// The corresponding C function is `kill`.
public func sendSignal(_ signal: Int32, to pid: ProcessID) {
    _ = kill(pid.rawValue, signal)
}

/// Waits until one of `fds` is readable (or hung up) or `timeoutMilliseconds` pass.
/// Returns the indices of ready descriptors. The corresponding C function is `poll`.
public func waitReadable(_ fds: [FileDescriptor], timeoutMilliseconds: Int32) throws(SystemError) -> [Int] {
    var entries = fds.map { pollfd(fd: $0.rawValue, events: Int16(POLLIN), revents: 0) }
    let count = poll(&entries, nfds_t(entries.count), timeoutMilliseconds)
    if count < 0 {
        if errno == EINTR { return [] }
        throw SystemError("poll")
    }
    return entries.indices.filter { entries[$0].revents != 0 }
}
