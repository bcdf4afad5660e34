import CBLAS

/// The thin layer over OpenBLAS: its thread count and what it says about itself
/// here; the product itself (`BLAS.dgemm` on matrix views) is in GemmCore.
/// Nothing else in gemmbench calls CBLAS directly.
public enum BLAS {
    /// The number of threads OpenBLAS will use for the next call.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(newValue)) }
    }

    /// The kernel set OpenBLAS picked at load time, e.g. "Haswell", "SkylakeX", "Prescott".
    /// The corresponding C function is `openblas_get_corename`.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name).trimmingCharacters(in: " ")
    }

    /// The build configuration string, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64".
    /// The corresponding C function is `openblas_get_config`.
    public static var config: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text).trimmingCharacters(in: " ")
    }
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
