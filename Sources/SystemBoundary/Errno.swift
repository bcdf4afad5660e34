import Glibc

// SystemBoundary is the one module in gemmbench that talks to the kernel and
// the C library about files, pipes, poll, shared memory, processes, signals,
// clocks and the console (after apple/swift-system's Syscalls.swift). Every
// other module sees typed values (`FileDescriptor`, `ProcessID`, `Signal`) and
// one error type, `Errno`, never a bare Int32 that could mean anything.

/// A failed system call: which call (and on what), and errno.
public struct Errno: Error, Equatable, Sendable, CustomStringConvertible {
    /// The call and, where it helps, its argument: `"open"`, `"mmap(4096 bytes)"`.
    public let call: String
    public let code: Int32

    /// `code` defaults to the calling thread's current errno.
    public init(_ call: String, code: Int32 = Glibc.errno) {
        self.call = call
        self.code = code
    }

    /// EPIPE, for a stream that ended before its record did.
    public static let brokenPipe = EPIPE
    /// EEXIST.
    public static let exists = EEXIST

    /// errno's text, e.g. `No such file or directory`.
    public var reason: String { String(cString: strerror(code)) }
    /// e.g. `write: Broken pipe`.
    public var description: String { "\(call): \(reason)" }
    /// e.g. `fsync failed: Input/output error`.
    public var message: String { "\(call) failed: \(reason)" }
}

/// Runs `body` again while it fails with EINTR: the one retry loop for
/// interrupted calls in gemmbench. `body` returns a negative value on failure
/// (with errno set), as the C calls do.
@inline(__always)
func retryOnInterrupt<T: BinaryInteger>(_ call: @autoclosure () -> String, _ body: () -> T) -> Result<T, Errno> {
    while true {
        let result = body()
        if result >= 0 { return .success(result) }
        let code = errno
        if code != EINTR { return .failure(Errno(call(), code: code)) }
    }
}
