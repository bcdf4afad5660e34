import Glibc
import CSupport

/// The NUMA node each page holding `addresses` is on, in order: a node
/// number, or nil for a page no process has touched yet.
/// The corresponding C call is `move_pages` with no target nodes (a query).
public func pageNodes(_ addresses: [UnsafeRawPointer]) throws(Errno) -> [Int?] {
    var pages = addresses.map { UnsafeMutableRawPointer(mutating: $0) as UnsafeMutableRawPointer? }
    var nodes = [Int32](repeating: 0, count: addresses.count)
    let status = pages.withUnsafeMutableBufferPointer { pageBuffer in
        nodes.withUnsafeMutableBufferPointer { nodeBuffer in
            gb_page_nodes(pageBuffer.baseAddress, Int32(pageBuffer.count), nodeBuffer.baseAddress)
        }
    }
    guard status == 0 else { throw Errno("move_pages(\(addresses.count) pages)") }
    return nodes.map { $0 >= 0 ? Int($0) : nil }
}

/// The page size (`sysconf(_SC_PAGESIZE)`).
public var pageBytes: Int { Int(sysconf(Int32(_SC_PAGESIZE))) }

/// For each page of the `bytes` at page-aligned `address`: whether it is
/// resident. For a shared (memfd) mapping this is the file's page cache, so
/// it says whether any process has touched the page, not only this one.
/// The corresponding C function is `mincore`.
public func residentPages(_ address: UnsafeRawPointer, bytes: Int) throws(Errno) -> [Bool] {
    let count = (bytes + pageBytes - 1) / pageBytes
    var flags = [UInt8](repeating: 0, count: count)
    let status = flags.withUnsafeMutableBufferPointer {
        mincore(UnsafeMutableRawPointer(mutating: address), bytes, $0.baseAddress)
    }
    guard status == 0 else { throw Errno("mincore(\(bytes) bytes)") }
    return flags.map { $0 & 1 != 0 }
}
