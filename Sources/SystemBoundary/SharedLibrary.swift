import Glibc

/// A shared library opened at run time, and the symbols it defines.
///
/// Opened with `RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND`:
/// - `RTLD_LOCAL` keeps its symbols out of the process's global scope, so a
///   second BLAS cannot replace the linked OpenBLAS for anyone else;
/// - `RTLD_DEEPBIND` makes the library's own calls bind to its own definitions
///   first. Without it, the reference BLAS's and BLIS's `cblas_dgemm` call
///   `dgemm_` through the PLT, which resolves to the linked OpenBLAS's `dgemm_`
///   (the global scope wins): the product would be OpenBLAS's under another name.
/// Never closed: its threads and atexit handlers may outlive any scope we could give it.
/// The corresponding C functions are `dlopen` and `dlsym`.
public struct SharedLibrary: @unchecked Sendable {
    /// The path it was opened from.
    public let path: String
    private let handle: UnsafeMutableRawPointer

    /// Why a library could not be opened: `dlerror`'s text.
    public struct OpenError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public init(opening path: String) throws(OpenError) {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND) else {
            let reason = dlerror().map { String(cString: $0) } ?? "dlopen failed"
            throw OpenError(description: reason)
        }
        self.path = path
        self.handle = handle
    }

    /// The address of `name` in this library (or its dependencies), nil when undefined.
    public func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(handle, name)
    }
}

/// Address space reserved without memory behind it (`PROT_NONE`, `MAP_NORESERVE`),
/// with chosen pages made readable and writable: room for a probe whose two
/// readings of one argument land gigabytes apart. Unmapped on `deinit`.
/// The corresponding C functions are `mmap`, `mprotect` and `munmap`.
public final class ReservedSpan {
    public let base: UnsafeMutableRawPointer
    public let bytes: Int

    public init(bytes: Int) throws(Errno) {
        guard let address = mmap(nil, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
              address != MAP_FAILED else {
            throw Errno("mmap(\(bytes) bytes, PROT_NONE)")
        }
        base = address
        self.bytes = bytes
    }

    /// Makes the page holding byte `offset` readable and writable (zero-filled).
    public func makeWritable(pageAt offset: Int) throws(Errno) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = offset / page * page
        guard mprotect(base + start, page, PROT_READ | PROT_WRITE) == 0 else {
            throw Errno("mprotect(\(page) bytes)")
        }
    }

    deinit { munmap(base, bytes) }
}
