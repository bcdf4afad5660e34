import Glibc
import CSupport

/// A pipe; both ends close-on-exec, so a child gets only the ends it is handed.
/// The corresponding C function is `pipe2(O_CLOEXEC)`.
public func makePipe() throws(Errno) -> (read: FileDescriptor, write: FileDescriptor) {
    var fds: [Int32] = [0, 0]
    guard gb_pipe_cloexec(&fds) == 0 else { throw Errno("pipe2") }
    return (FileDescriptor(rawValue: fds[0]), FileDescriptor(rawValue: fds[1]))
}

/// Waits until one of `fds` is readable (or hung up) or `timeoutMilliseconds`
/// pass (−1: no limit). Returns the indices of ready descriptors; none when
/// the time ran out or a signal interrupted the wait.
/// The corresponding C function is `poll`.
public func waitReadable(_ fds: [FileDescriptor], timeoutMilliseconds: Int32) throws(Errno) -> [Int] {
    var entries = fds.map { pollfd(fd: $0.rawValue, events: Int16(POLLIN), revents: 0) }
    let count = poll(&entries, nfds_t(entries.count), timeoutMilliseconds)
    if count < 0 {
        if errno == EINTR { return [] }
        throw Errno("poll")
    }
    return entries.indices.filter { entries[$0].revents != 0 }
}

/// `seconds` as a poll timeout: rounded up to whole milliseconds (so a wait
/// never ends just short of its deadline) and capped at Int32.max.
public func pollTimeoutMilliseconds(_ seconds: Double) -> Int32 {
    Int32(min(max((seconds * 1000).rounded(.up), 0), Double(Int32.max)))
}
