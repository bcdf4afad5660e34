import CBLAS
import Vocabulary

/// The thin layer over the BLAS in use: the linked OpenBLAS, or the library
/// `--blas` loaded (`BLAS.library`): its thread count and what it says about
/// itself here; the product itself (`BLAS.dgemm` on matrix views) is in GemmCore.
/// Nothing else in gemmbench calls CBLAS directly.
public enum BLAS {
    /// The number of threads the BLAS in use will run the next call on.
    public static var threads: Int {
        get { library.map(\.threads) ?? Int(openblas_get_num_threads()) }
        set {
            if let library { library.threads = newValue } else { openblas_set_num_threads(Int32(newValue)) }
        }
    }

    /// The kernel set the BLAS in use picked for this CPU, e.g. "Haswell", "SkylakeX",
    /// "Prescott" (OpenBLAS), "zen3" (BLIS), "generic" (the reference BLAS).
    /// The corresponding C function is `openblas_get_corename`.
    public static var coreName: String {
        if let library { return library.kernel }
        return linkedCoreName
    }

    /// The linked OpenBLAS's kernel set, whichever library is in use.
    static var linkedCoreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name).trimmingCharacters(in: " ")
    }

    /// The build configuration string, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64".
    /// The corresponding C function is `openblas_get_config`.
    public static var config: String {
        if let library { return library.config }
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text).trimmingCharacters(in: " ")
    }

    /// The `blas_library` cell: `openblas` for the linked one, else `--blas` as given.
    public static var libraryName: String { library?.spec.name ?? BLASLibraryName.linkedDefault.rawValue }

    /// The `blas_version` cell: "0.3.21", "0.9.0", "3.11.0".
    public static var version: String {
        if let library { return library.version }
        let words = config.split(separator: " ")
        return words.count >= 2 && words[0] == "OpenBLAS" ? String(words[1]) : "unknown"
    }

    /// True unless the library in use has no threads of its own (the reference BLAS).
    public static var controlsThreads: Bool { library?.controlsThreads ?? true }
}

extension String {
    /// `self` without leading and trailing copies of `set`.
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
