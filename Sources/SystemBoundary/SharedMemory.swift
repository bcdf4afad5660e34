import Glibc
import CSupport

/// Anonymous shared memory of `bytes` bytes that no other process can open by
/// name and that vanishes with its last descriptor and mapping.
/// The corresponding C functions are `memfd_create` and `ftruncate`.
public func makeSharedMemory(name: String, bytes: Int) throws(Errno) -> FileDescriptor {
    let fd = gb_memfd_create(name)
    guard fd >= 0 else { throw Errno("memfd_create") }
    if case .failure(let error) = retryOnInterrupt("ftruncate(\(bytes) bytes)", { ftruncate(fd, off_t(bytes)) }) {
        Glibc.close(fd)
        throw error
    }
    return FileDescriptor(rawValue: fd)
}

/// Maps `bytes` of `fd` read-write and shared. The corresponding C function is `mmap`.
public func mapShared(_ fd: FileDescriptor, bytes: Int) throws(Errno) -> UnsafeMutableRawPointer {
    let address = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd.rawValue, 0)
    guard let address, address != MAP_FAILED else { throw Errno("mmap(\(bytes) bytes)") }
    return address
}

/// The corresponding C function is `munmap`.
public func unmap(_ address: UnsafeMutableRawPointer, bytes: Int) {
    _ = munmap(address, bytes)
}

/// A memfd mapped shared into this process, for as long as this object lives:
/// created here (this process owns, and closes, the descriptor) or attached to
/// one a parent created and passed down. The arena and the pool's mailboxes
/// are both one of these.
public final class SharedMapping: @unchecked Sendable {
    public let descriptor: FileDescriptor
    public let base: UnsafeMutableRawPointer
    public let bytes: Int
    private let ownsDescriptor: Bool

    /// Creates `bytes` zeroed bytes of anonymous shared memory named `name` (as
    /// /proc/PID/maps shows it) and maps them.
    public init(creating name: String, bytes: Int) throws(Errno) {
        let descriptor = try makeSharedMemory(name: name, bytes: bytes)
        do {
            base = try mapShared(descriptor, bytes: bytes)
        } catch {
            descriptor.close()
            throw error
        }
        self.descriptor = descriptor
        self.bytes = bytes
        ownsDescriptor = true
    }

    /// Maps a memory file another process created; its size is the file's size.
    public init(attaching descriptor: FileDescriptor) throws(Errno) {
        self.descriptor = descriptor
        bytes = try descriptor.size()
        base = try mapShared(descriptor, bytes: bytes)
        ownsDescriptor = false
    }

    deinit {
        unmap(base, bytes: bytes)
        if ownsDescriptor { descriptor.close() }
    }
}
