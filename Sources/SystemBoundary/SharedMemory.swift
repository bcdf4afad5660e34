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
