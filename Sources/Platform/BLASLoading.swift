import SystemBoundary

extension BLAS {
    /// The library `--blas` loaded; nil while products run on the linked OpenBLAS.
    public nonisolated(unsafe) private(set) static var library: LoadedBLAS?

    /// A library refused before any work: exit 2, one line naming it and what is wrong.
    public struct LibraryRefused: Error, CustomStringConvertible, Sendable {
        public let library: String
        public let problem: String
        public var description: String { "BLAS library \(library): \(problem)" }
    }

    /// Loads `spec` for every product of this process (nothing for the linked
    /// default), or refuses it: not found or not loadable, no `cblas_dgemm`,
    /// 64-bit integers, a wrong 2×1 product, or — for `reference` — a file that
    /// turns out to be OpenBLAS. Call once, before the first product.
    public static func load(_ spec: BLASLibrarySpec) throws(LibraryRefused) {
        guard !spec.isLinkedDefault else { return }
        let loaded = try open(spec)
        library = loaded
    }

    /// The library `spec` names, opened and checked, without making it the one in use.
    static func open(_ spec: BLASLibrarySpec) throws(LibraryRefused) -> LoadedBLAS {
        let candidates = spec.candidatePaths()
        func refuse(_ problem: String, at path: String? = nil) -> LibraryRefused {
            let name = path.map { $0 == spec.name ? spec.name : "\(spec.name) (\($0))" } ?? spec.name
            return LibraryRefused(library: name, problem: problem)
        }
        var shared: SharedLibrary?
        var firstError: String?
        for path in candidates {
            // A bare file name (no "/") is left to the dynamic linker's search path.
            if path.contains("/"), case .failure = fileStatus(path) { continue }
            do {
                shared = try SharedLibrary(opening: path)
                break
            } catch {
                firstError = firstError ?? error.description
            }
        }
        guard let shared else {
            if let firstError { throw refuse("cannot be loaded: \(firstError)") }
            let hint: String
            switch spec.source {
            case .named(.blis): hint = " (install libblis4-pthread, or run make bench-libraries)"
            case .named(.reference): hint = " (install libblas3, or run make bench-libraries)"
            case .named(.scipyOpenblas): hint = " (run make bench-libraries: it installs the scipy-openblas32 wheel into .blas/)"
            default: hint = ""
            }
            let tried = candidates.count == 1 ? candidates[0] : candidates.joined(separator: ", ")
            throw refuse("not found (looked for \(tried))\(hint)")
        }
        let symbol = spec.symbolPrefix + "cblas_dgemm" + spec.symbolSuffix
        guard let address = shared.symbol(symbol) else {
            throw refuse("has no \(symbol) (missing symbol; a prefix or suffix is given with --blas-prefix/--blas-suffix)",
                         at: shared.path)
        }
        let loaded = LoadedBLAS(spec: spec, library: shared,
                                dgemm: unsafeBitCast(address, to: LoadedBLAS.Dgemm.self))
        if spec.source == .named(.reference) && loaded.family != .plain {
            throw refuse("is \(loaded.config), not the reference BLAS", at: shared.path)
        }
        // OpenBLAS says so itself; the probe below catches every other 64-bit build.
        if loaded.config.contains("USE64BITINT") {
            throw refuse("uses 64-bit integers (\(loaded.config)); gemmbench passes 32-bit ones", at: shared.path)
        }
        switch IntegerWidthProbe.run(address) {
        case .lp64, .notProbed:
            // Not probed only where 32 GiB of address space cannot be reserved; the product
            // check still verifies every result the library returns.
            break
        case .ilp64:
            throw refuse("uses 64-bit integers in \(symbol) (its 2×1 probe read a leading dimension's upper half); "
                         + "gemmbench passes 32-bit ones", at: shared.path)
        case .wrongProduct(let c):
            throw refuse("\(symbol) computed [\(c[0]), \(c[1])] for a 2×1 product whose answer is [1, 2]", at: shared.path)
        }
        return loaded
    }
}

extension BLAS {
    /// Refuses `threads` above 1 on a library without threads of its own (the
    /// reference BLAS, any plain CBLAS): its rows would say T threads and run one.
    /// `asked` names the option that wants them, `--threads T` unless given.
    public static func checkThreadsSupported(_ threads: Int, asked: String? = nil) throws(LibraryRefused) {
        guard threads > 1, let library, !library.controlsThreads else { return }
        throw LibraryRefused(library: library.spec.name,
                             problem: "runs one thread and has no thread control: \(asked ?? "--threads \(threads)") cannot run on it "
                                 + "(use --workers P for a parallel product)")
    }
}
