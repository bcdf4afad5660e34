import SystemBoundary

/// A BLAS library opened with `--blas`: one table of the functions gemmbench
/// calls in it, and what it says about itself.
///
/// Loaded once, at start-up, before any product (`BLAS.load`); never unloaded.
public final class LoadedBLAS: @unchecked Sendable {
    /// `cblas_dgemm` with the CBLAS enums as `Int32` and 32-bit (LP64) integers.
    public typealias Dgemm = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Double,
        UnsafePointer<Double>?, Int32, UnsafePointer<Double>?, Int32, Double,
        UnsafeMutablePointer<Double>?, Int32) -> Void

    /// Which thread and identity interface a library has, found from its symbols.
    public enum Family: String, Sendable {
        /// `openblas_get_config` is defined: OpenBLAS (any build, prefixed or not).
        case openblas
        /// `bli_info_get_version_str` is defined.
        case blis
        /// CBLAS and nothing else: no threads of its own, version from the file name.
        case plain
    }

    public let spec: BLASLibrarySpec
    /// The file that was opened (the first candidate found).
    public let path: String
    public let family: Family
    public let dgemm: Dgemm
    /// The version it reports (`0.3.34`, `0.9.0`), or the one in its file name (`3.11.0`), or `unknown`.
    public let version: String
    /// The kernel or core it chose for this CPU: OpenBLAS's core, BLIS's architecture; `generic` otherwise.
    public let kernel: String
    /// OpenBLAS's configuration string, BLIS's version line; `unknown` otherwise.
    public let config: String

    private let setThreadCount: ((Int32) -> Void)?
    private let getThreadCount: (() -> Int32)?

    init(spec: BLASLibrarySpec, library: SharedLibrary, dgemm: Dgemm) {
        self.spec = spec
        path = library.path
        self.dgemm = dgemm
        func function<F>(_ name: String, as type: F.Type) -> F? {
            library.symbol(name).map { unsafeBitCast($0, to: type) }
        }
        typealias TextFunction = @convention(c) () -> UnsafePointer<CChar>?
        let prefix = spec.symbolPrefix, suffix = spec.symbolSuffix
        /// OpenBLAS's own calls carry the prefix; the suffix only where the build added it.
        func openblas<F>(_ name: String, as type: F.Type) -> F? {
            function(prefix + name + suffix, as: type) ?? function(prefix + name, as: type)
        }
        if let getConfig = openblas("openblas_get_config", as: TextFunction.self) {
            family = .openblas
            config = getConfig().map { String(cString: $0).trimmingCharacters(in: " ") } ?? "unknown"
            kernel = openblas("openblas_get_corename", as: TextFunction.self)?()
                .map { String(cString: $0).trimmingCharacters(in: " ") } ?? "unknown"
            // "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64": the second word.
            let words = config.split(separator: " ")
            version = words.count >= 2 && words[0] == "OpenBLAS" ? String(words[1]) : "unknown"
            let set32 = openblas("openblas_set_num_threads", as: (@convention(c) (Int32) -> Void).self)
            setThreadCount = set32.map { set in { set($0) } }
            let get32 = openblas("openblas_get_num_threads", as: (@convention(c) () -> Int32).self)
            getThreadCount = get32.map { get in { get() } }
        } else if let versionText = function("bli_info_get_version_str", as: TextFunction.self) {
            family = .blis
            version = versionText().map { String(cString: $0) } ?? "unknown"
            config = "BLIS \(version)"
            typealias ArchQuery = @convention(c) () -> Int32
            typealias ArchName = @convention(c) (Int32) -> UnsafePointer<CChar>?
            if let query = function("bli_arch_query_id", as: ArchQuery.self),
               let name = function("bli_arch_string", as: ArchName.self)?(query()) {
                kernel = String(cString: name)
            } else {
                kernel = "unknown"
            }
            // BLIS's thread calls take and return dim_t (64-bit); the low half of
            // the return register is the count for any count below 2^31.
            let set64 = function("bli_thread_set_num_threads", as: (@convention(c) (Int64) -> Void).self)
            setThreadCount = set64.map { set in { set(Int64($0)) } }
            let get64 = function("bli_thread_get_num_threads", as: (@convention(c) () -> Int64).self)
            getThreadCount = get64.map { get in { Int32(truncatingIfNeeded: get()) } }
        } else {
            family = .plain
            config = "unknown"
            kernel = "generic"
            version = Self.versionInFileName(resolvedPath(library.path) ?? library.path) ?? "unknown"
            setThreadCount = nil
            getThreadCount = nil
        }
    }

    /// True when the library can run more than one thread and be told how many.
    public var controlsThreads: Bool { setThreadCount != nil }

    /// The threads its next product will use: 1 for a library without threads.
    public var threads: Int {
        get { getThreadCount.map { Int($0()) } ?? 1 }
        set { setThreadCount?(Int32(clamping: newValue)) }
    }

    /// `libblas.so.3.11.0` → `3.11.0`: the digits after `.so.`, when they look like a version.
    static func versionInFileName(_ path: String) -> String? {
        guard let range = path.ranges(of: ".so.").last else { return nil }
        let tail = path[range.upperBound...]
        guard !tail.isEmpty, tail.allSatisfy({ $0.isNumber || $0 == "." }), tail.contains(".") else { return nil }
        return String(tail)
    }
}
