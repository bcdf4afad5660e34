import CBLAS

/// The thin layer over OpenBLAS: the product, its thread count and what it says
/// about itself. Nothing else in gemmbench calls CBLAS directly.
public enum BLAS {
    /// C ← alpha·A·B + beta·C with `cblas_dgemm` (row-major, no transposes).
    public static func dgemm(_ a: MatrixView, _ b: MatrixView, into c: MatrixView,
                             alpha: Double, beta: Double) {
        let m = c.rows, n = c.cols, k = a.cols
        // OpenBLAS rejects lda < max(1, k) even when m or k is 0, so clamp; and an
        // empty product still has to apply beta, which dgemm does for k == 0.
        guard m > 0, n > 0 else { return }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a.base, Int32(max(a.leadingDimension, 1)),
                    b.base, Int32(max(b.leadingDimension, 1)),
                    beta, c.base, Int32(c.leadingDimension))
    }

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
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
