import Glibc

/// An `errno` value from a failed system call, with the call's name for messages.
struct SystemCallError: Error, Equatable {
    let call: String
    let code: Int32

    /// e.g. `No such file or directory`.
    var reason: String { String(cString: strerror(code)) }
    /// e.g. `fsync failed: Input/output error`.
    var message: String { "\(call) failed: \(reason)" }
}

/// The only place NumpyIO talks to the C library: thin wrappers that retry on
/// `EINTR` and loop over short reads/writes, in the manner of swift-system's `Syscalls.swift`.
enum SystemCalls {
    /// Linux transfers at most 0x7ffff000 bytes per read/write; a round 1 GiB keeps each call well under it.
    static let maximumTransfer = 1 << 30

    private static func retryingOnInterrupt(_ call: String, _ body: () -> Int) -> Result<Int, SystemCallError> {
        while true {
            let result = body()
            if result >= 0 { return .success(result) }
            if errno != EINTR { return .failure(SystemCallError(call: call, code: errno)) }
        }
    }

    /// The corresponding C function is `open`.
    static func open(_ path: String, flags: Int32, mode: mode_t = 0) -> Result<Int32, SystemCallError> {
        retryingOnInterrupt("open") { Int(path.withCString { Glibc.open($0, flags | O_CLOEXEC, mode) }) }
            .map { Int32($0) }
    }

    /// Closes and ignores errors: every caller either already failed or has already fsync'd.
    /// The corresponding C function is `close`.
    static func close(_ descriptor: Int32) {
        _ = Glibc.close(descriptor)
    }

    /// Size in bytes and whether the descriptor is a regular file.
    /// The corresponding C function is `fstat`.
    static func fileStatus(_ descriptor: Int32) -> Result<(size: Int, isRegularFile: Bool), SystemCallError> {
        var status = stat()
        return retryingOnInterrupt("fstat") { Int(fstat(descriptor, &status)) }
            .map { _ in (Int(status.st_size), (status.st_mode & S_IFMT) == S_IFREG) }
    }

    /// Reads until `count` bytes arrive or end of file; returns how many arrived.
    /// The corresponding C function is `pread`.
    static func readFully(_ descriptor: Int32, into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Result<Int, SystemCallError> {
        var done = 0
        while done < count {
            let chunk = min(count - done, maximumTransfer)
            let result = retryingOnInterrupt("read") { pread(descriptor, buffer + done, chunk, off_t(offset + done)) }
            switch result {
            case .failure(let error): return .failure(error)
            case .success(0): return .success(done)
            case .success(let n): done += n
            }
        }
        return .success(done)
    }

    /// Writes all `count` bytes at the current position.
    /// The corresponding C function is `write`.
    static func writeFully(_ descriptor: Int32, from buffer: UnsafeRawPointer, count: Int) -> Result<Void, SystemCallError> {
        var done = 0
        while done < count {
            let chunk = min(count - done, maximumTransfer)
            switch retryingOnInterrupt("write", { Glibc.write(descriptor, buffer + done, chunk) }) {
            case .failure(let error): return .failure(error)
            case .success(let n): done += n
            }
        }
        return .success(())
    }

    /// The corresponding C function is `fsync`.
    static func fsync(_ descriptor: Int32) -> Result<Void, SystemCallError> {
        retryingOnInterrupt("fsync") { Int(Glibc.fsync(descriptor)) }.map { _ in () }
    }

    /// The corresponding C function is `rename`.
    static func rename(_ source: String, to destination: String) -> Result<Void, SystemCallError> {
        retryingOnInterrupt("rename") { Int(Glibc.rename(source, destination)) }.map { _ in () }
    }

    /// Removes a file, ignoring errors (used only to clean up our own temporary).
    /// The corresponding C function is `unlink`.
    static func unlink(_ path: String) {
        _ = Glibc.unlink(path)
    }

    /// Hints that the file will be read once, front to back (best effort).
    /// The corresponding C function is `posix_fadvise`.
    static func adviseSequential(_ descriptor: Int32) {
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
    }
}
