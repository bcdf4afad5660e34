import Glibc

/// Standard output and error, written straight to their descriptors, bypassing
/// stdio buffers: a line is out before a signal or `_exit` can lose it, and
/// progress lines and tables never interleave out of order.
///
/// Every write is checked. The first that fails (EPIPE: the reader is gone;
/// ENOSPC: /dev/full or a full disk; EBADF: the stream was closed) is kept as
/// `Console.failure`, later writes to that stream are skipped, and the program
/// ends through `Console.finish`: exit 3 with one line naming the failure
/// (docs/contracts.md, "Exit codes"). A long run (a sweep) asks `failure`
/// between steps and stops, as nobody can see it any more.
public enum Console {
    /// A write to standard output or error that failed, and why.
    public struct WriteFailure: Error, Equatable, Sendable, CustomStringConvertible {
        public let stream: FileDescriptor
        public let error: Errno

        /// "standard output", "standard error".
        public var streamName: String {
            switch stream {
            case .standardOutput: return "standard output"
            case .standardError: return "standard error"
            default: return "\(stream)"
            }
        }

        /// `cannot write to standard output: No space left on device`.
        public var description: String { "cannot write to \(streamName): \(error.reason)" }
    }

    nonisolated(unsafe) private static var firstFailure: WriteFailure?
    /// Streams whose writes failed: nothing more is sent there.
    nonisolated(unsafe) private static var failedStreams: Set<FileDescriptor> = []
    private static let lock = ProcessMutex()

    private static func locked<T>(_ body: () -> T) -> T { lock.locked(body) }

    /// The first failed write to standard output or error, or nil.
    public static var failure: WriteFailure? { locked { firstFailure } }

    /// Run first thing in a command-line program. Ignores SIGPIPE, so a reader
    /// that went away shows up as EPIPE on a checked write (and the program
    /// cleans up its children) instead of killing it where it stands. Puts
    /// /dev/null, opened read-only, on a closed descriptor 0, 1 or 2: the next
    /// file or pipe opened must not become "standard output" and receive the
    /// results, and a write to the closed stream then fails with EBADF, as it
    /// would have. The corresponding C functions are `fcntl`, `open` and `dup2`.
    public static func prepare() {
        Signal.pipe.ignore()
        for descriptor in Int32(0)...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0 && opened != descriptor {
                dup2(opened, descriptor)
                close(opened)
            }
        }
    }

    /// Writes all of `text` to `stream`; false (and the failure kept) when it
    /// could not, or when an earlier write to `stream` already failed.
    /// The corresponding C function is `write`.
    @discardableResult
    public static func write(_ text: String, to stream: FileDescriptor) -> Bool {
        if locked({ failedStreams.contains(stream) }) { return false }
        var bytes = Array(text.utf8)
        let result: Result<Void, Errno> = bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0 else { return .success(()) }
            return Result { () throws(Errno) in try stream.writeAll(base, count: raw.count) }
        }
        guard case .failure(let error) = result else { return true }
        locked {
            failedStreams.insert(stream)
            if firstFailure == nil { firstFailure = WriteFailure(stream: stream, error: error) }
        }
        return false
    }

    /// The exit status of a program that would end with `status`: 3 when a write
    /// to standard output or error failed, after one line naming the failure on
    /// standard error (when that still works), `program: cannot write to …`;
    /// otherwise `status`.
    public static func finish(status: ExitCode, program: String) -> ExitCode {
        guard let failure else { return status }
        write("\(program): \(failure)\n", to: .standardError)
        return outputFailedStatus
    }

    /// The exit status after a failed write to standard output or error: a run
    /// that could not finish (docs/contracts.md, "Exit codes").
    public static let outputFailedStatus = ExitCode.runFailed
}

/// Writes `text` to standard output or error through `Console` (checked).
public func writeAll(_ text: String, to descriptor: FileDescriptor) {
    Console.write(text, to: descriptor)
}

/// One diagnostic line on standard error, prefixed with the program name.
public func printError(_ message: String) {
    writeAll("gemmbench: \(message)\n", to: .standardError)
}
