import SystemBoundary
import Vocabulary

/// Which BLAS library computes the products: `--blas NAME|PATH` with, for a
/// path, `--blas-prefix` / `--blas-suffix` around every BLAS and CBLAS symbol name.
///
/// The known names (`BLASLibraryName`) carry where Debian and `make bench-libraries`
/// put them and their symbol prefix; `openblas` is the linked library, loaded by nothing.
public struct BLASLibrarySpec: Equatable, Sendable {
    public enum Source: Equatable, Sendable {
        case named(BLASLibraryName)
        case path(String)
    }

    public let source: Source
    /// Put before and after `cblas_dgemm`, `openblas_set_num_threads`, …: `scipy_` for scipy-openblas.
    public let symbolPrefix: String
    public let symbolSuffix: String

    /// The linked OpenBLAS.
    public static let linkedDefault = BLASLibrarySpec(source: .named(.linkedDefault), symbolPrefix: "", symbolSuffix: "")

    /// `--blas` as given: a known name, or a path (anything holding a `/`). Nil for
    /// anything else, or for a prefix or suffix given with a name (names carry their own).
    public init?(argument: String, prefix: String? = nil, suffix: String? = nil) {
        if let name = BLASLibraryName(rawValue: argument) {
            guard prefix == nil, suffix == nil else { return nil }
            self.init(source: .named(name), symbolPrefix: name == .scipyOpenblas ? "scipy_" : "", symbolSuffix: "")
        } else if argument.contains("/") {
            self.init(source: .path(argument), symbolPrefix: prefix ?? "", symbolSuffix: suffix ?? "")
        } else {
            return nil
        }
    }

    private init(source: Source, symbolPrefix: String, symbolSuffix: String) {
        self.source = source
        self.symbolPrefix = symbolPrefix
        self.symbolSuffix = symbolSuffix
    }

    public var isLinkedDefault: Bool { source == .named(.linkedDefault) }

    /// The `blas_library` cell and the name in messages: the known name, or the path as given.
    public var name: String {
        switch source {
        case .named(let name): return name.rawValue
        case .path(let path): return path
        }
    }

    /// What `--blas` and friends must say to load this same library again
    /// (a worker process, a re-executed one).
    public var arguments: [String] {
        var words = ["--blas", name]
        if case .path = source {
            if !symbolPrefix.isEmpty { words += ["--blas-prefix", symbolPrefix] }
            if !symbolSuffix.isEmpty { words += ["--blas-suffix", symbolSuffix] }
        }
        return words
    }

    /// The files to try, first found first; empty for the linked default.
    ///
    /// `reference` and `blis` are named by their Debian folders, never by
    /// `libblas.so.3`: that name is an alternatives link, which points at
    /// OpenBLAS whenever OpenBLAS is installed. scipy-openblas is looked for in
    /// the project's `.blas/` (`make bench-libraries` installs it there), found
    /// from the working directory and from the folders above the executable.
    func candidatePaths() -> [String] {
        switch source {
        case .path(let path): return [path]
        case .named(.openblas): return []
        case .named(.blis):
            return Self.multiarchFolders.map { "\($0)/blis-pthread/libblis.so.4" } + ["libblis.so.4"]
        case .named(.reference):
            return Self.multiarchFolders.map { "\($0)/blas/libblas.so.3" }
        case .named(.scipyOpenblas):
            let relative = ".blas/python/scipy_openblas32/lib/libscipy_openblas.so"
            var folders = [currentDirectory()]
            if var folder = resolvedPath("/proc/self/exe") {
                while let slash = folder.lastIndex(of: "/"), slash != folder.startIndex {
                    folder = String(folder[..<slash])
                    folders.append(folder)
                }
            }
            return folders.uniqueInOrder().map { "\($0)/\(relative)" }
        }
    }

    static let multiarchFolders = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"]
}

extension Array where Element: Hashable {
    /// The elements in order, later duplicates dropped.
    func uniqueInOrder() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
