import Glibc

/// An open file descriptor (not owned: whoever opened it closes it).
public struct FileDescriptor: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public var description: String { "fd \(rawValue)" }

    public static let standardInput = FileDescriptor(rawValue: 0)
    public static let standardOutput = FileDescriptor(rawValue: 1)
    public static let standardError = FileDescriptor(rawValue: 2)

    /// Linux transfers at most 0x7ffff000 bytes per read/write; a round 1 GiB
    /// keeps each call well under it.
    static let maximumTransfer = 1 << 30

    /// The corresponding C function is `close`. Errors are ignored: on Linux the
    /// descriptor is gone either way and retrying could close someone else's.
    public func close() { _ = Glibc.close(rawValue) }

    /// One `read` of at most `count` bytes (0 at end-of-file). The corresponding C function is `read`.
    public func read(into bytes: UnsafeMutableRawPointer, count: Int) -> Result<Int, Errno> {
        retryOnInterrupt("read") { Glibc.read(rawValue, bytes, min(count, Self.maximumTransfer)) }
    }

    /// One `write` of at most `count` bytes. The corresponding C function is `write`.
    public func write(_ bytes: UnsafeRawPointer, count: Int) -> Result<Int, Errno> {
        retryOnInterrupt("write") { Glibc.write(rawValue, bytes, min(count, Self.maximumTransfer)) }
    }

    /// Writes all of `count` bytes, looping over short writes.
    /// The corresponding C function is `write`.
    public func writeAll(_ bytes: UnsafeRawPointer, count: Int) throws(Errno) {
        var done = 0
        while done < count { done += try write(bytes + done, count: count - done).get() }
    }

    /// Reads exactly `count` bytes. Returns false on end-of-file before the first
    /// byte; throws on an error or on end-of-file part-way (a truncated record).
    /// The corresponding C function is `read`.
    public func readExactly(into bytes: UnsafeMutableRawPointer, count: Int) throws(Errno) -> Bool {
        var done = 0
        while done < count {
            let n = try read(into: bytes + done, count: count - done).get()
            if n == 0 {
                if done == 0 { return false }
                throw Errno("read (end of file after \(done) of \(count) bytes)", code: EPIPE)
            }
            done += n
        }
        return true
    }

    /// Reads until `count` bytes arrive or end of file, starting at byte `offset`
    /// of the file; returns how many arrived. The corresponding C function is `pread`.
    public func readFully(into bytes: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Result<Int, Errno> {
        var done = 0
        while done < count {
            let chunk = min(count - done, Self.maximumTransfer)
            switch retryOnInterrupt("read", { pread(rawValue, bytes + done, chunk, off_t(offset + done)) }) {
            case .failure(let error): return .failure(error)
            case .success(0): return .success(done)
            case .success(let n): done += n
            }
        }
        return .success(done)
    }

    /// Writes all of `count` bytes starting at byte `offset` of the file, looping
    /// over short writes; the file position does not move, so several processes
    /// can fill disjoint parts of one file. The corresponding C function is `pwrite`.
    public func writeFully(_ bytes: UnsafeRawPointer, count: Int, at offset: Int) -> Result<Void, Errno> {
        var done = 0
        while done < count {
            let chunk = min(count - done, Self.maximumTransfer)
            switch retryOnInterrupt("write", { pwrite(rawValue, bytes + done, chunk, off_t(offset + done)) }) {
            case .failure(let error): return .failure(error)
            case .success(let n): done += n
            }
        }
        return .success(())
    }

    /// Sets the file's size to `size` bytes (a longer file reads as zeros past
    /// the old end). The corresponding C function is `ftruncate`.
    public func resize(to size: Int) -> Result<Void, Errno> {
        retryOnInterrupt("ftruncate") { ftruncate(rawValue, off_t(size)) }.map { _ in () }
    }

    /// The whole rest of the file (or stream) from the current position.
    /// The corresponding C function is `read`.
    public func readToEnd() throws(Errno) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = try buffer.withUnsafeMutableBytes { raw in read(into: raw.baseAddress!, count: raw.count) }.get()
            if n == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<n])
        }
    }

    // MARK: Non-blocking transfers with a deadline

    /// Makes reads and writes on this descriptor return EAGAIN instead of
    /// blocking, so the deadline variants below can wait in `poll`.
    /// The corresponding C call is `fcntl(F_SETFL, O_NONBLOCK)`.
    public func setNonBlocking() throws(Errno) {
        let flags = try retryOnInterrupt("fcntl(F_GETFL)") { fcntl(rawValue, F_GETFL) }.get()
        _ = try retryOnInterrupt("fcntl(O_NONBLOCK)") { fcntl(rawValue, F_SETFL, flags | O_NONBLOCK) }.get()
    }

    /// Reads exactly `count` bytes from a non-blocking descriptor, waiting in
    /// `poll` for more until `deadline` (monotonic seconds). Returns how far it
    /// got: all of it, end-of-file after some bytes, or the deadline first.
    /// The corresponding C functions are `read` and `poll`.
    public func readExactly(into bytes: UnsafeMutableRawPointer, count: Int, deadline: Double) throws(Errno) -> Transfer {
        var done = 0
        while done < count {
            switch read(into: bytes + done, count: count - done) {
            case .success(0): return .endOfFile(after: done)
            case .success(let n): done += n
            case .failure(let error) where error.code == EAGAIN:
                if try !waitUntilReady(POLLIN, deadline: deadline) { return .expired(after: done) }
            case .failure(let error): throw error
            }
        }
        return .complete
    }

    /// Writes all `count` bytes to a non-blocking descriptor, waiting in `poll`
    /// for room until `deadline` (monotonic seconds). Throws on an error
    /// (EPIPE when the reader is gone). The corresponding C functions are `write` and `poll`.
    public func writeAll(_ bytes: UnsafeRawPointer, count: Int, deadline: Double) throws(Errno) -> Transfer {
        var done = 0
        while done < count {
            switch write(bytes + done, count: count - done) {
            case .success(let n): done += n
            case .failure(let error) where error.code == EAGAIN:
                if try !waitUntilReady(POLLOUT, deadline: deadline) { return .expired(after: done) }
            case .failure(let error): throw error
            }
        }
        return .complete
    }

    /// False when `deadline` passed first; true when `events` (or a hang-up) arrived.
    private func waitUntilReady(_ events: Int32, deadline: Double) throws(Errno) -> Bool {
        while true {
            let left = deadline - monotonicSeconds()
            if left <= 0 { return false }
            var entry = pollfd(fd: rawValue, events: Int16(events), revents: 0)
            let ready = poll(&entry, 1, pollTimeoutMilliseconds(left))
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { throw Errno("poll") }
        }
    }

    // MARK: Properties and hints

    /// Grows a pipe's kernel buffer so large messages move in fewer wake-ups.
    /// Best effort: the default 64 KiB still works. The corresponding C call is `fcntl(F_SETPIPE_SZ)`.
    public func growPipeBuffer(to bytes: Int32) {
        _ = fcntl(rawValue, 1031 /* F_SETPIPE_SZ */, bytes)
    }

    /// Size and kind of the open file. The corresponding C function is `fstat`.
    public func status() -> Result<FileStatus, Errno> {
        var info = stat()
        return retryOnInterrupt("fstat") { fstat(rawValue, &info) }.map { _ in FileStatus(info) }
    }

    /// The file's size in bytes. The corresponding C function is `fstat`.
    public func size() throws(Errno) -> Int { try status().get().size }

    /// The corresponding C function is `fsync`.
    public func sync() -> Result<Void, Errno> {
        retryOnInterrupt("fsync") { fsync(rawValue) }.map { _ in () }
    }

    /// Hints that the file will be read once, front to back (best effort).
    /// The corresponding C function is `posix_fadvise`.
    public func adviseSequential() {
        _ = posix_fadvise(rawValue, 0, 0, POSIX_FADV_SEQUENTIAL)
    }

    /// True when this is a terminal. The corresponding C function is `isatty`.
    public var isTerminal: Bool { isatty(rawValue) == 1 }
}

/// How far a transfer with a deadline got.
public enum Transfer: Equatable, Sendable {
    case complete
    /// The other end closed after this many bytes.
    case endOfFile(after: Int)
    /// The deadline passed after this many bytes.
    case expired(after: Int)
}

/// What `fstat`/`stat`/`lstat` say about a file, as much as gemmbench asks.
public struct FileStatus: Equatable, Sendable {
    public enum Kind: Sendable { case regular, directory, symbolicLink, fifo, socket, characterDevice, blockDevice }
    public let size: Int
    public let kind: Kind

    init(_ info: stat) {
        size = Int(info.st_size)
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symbolicLink
        case S_IFIFO: kind = .fifo
        case S_IFSOCK: kind = .socket
        case S_IFCHR: kind = .characterDevice
        default: kind = .blockDevice
        }
    }
}
