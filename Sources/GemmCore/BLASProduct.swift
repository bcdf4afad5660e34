import CBLAS
import Platform

extension BLAS {
    /// C ← alpha·A·B + beta·C with `cblas_dgemm` (row-major, no transposes): the
    /// loaded library's when `--blas` named one, else the linked OpenBLAS's.
    public static func dgemm(_ a: MatrixView, _ b: MatrixView, into c: MatrixView,
                             alpha: Double, beta: Double) {
        let m = c.rows, n = c.cols, k = a.cols
        // OpenBLAS rejects lda < max(1, k) even when m or k is 0, so clamp; and an
        // empty product still has to apply beta, which dgemm does for k == 0.
        guard m > 0, n > 0 else { return }
        if let library {
            library.dgemm(Int32(CblasRowMajor.rawValue), Int32(CblasNoTrans.rawValue), Int32(CblasNoTrans.rawValue),
                          Int32(m), Int32(n), Int32(k), alpha,
                          a.base, Int32(max(a.leadingDimension, 1)),
                          b.base, Int32(max(b.leadingDimension, 1)),
                          beta, c.base, Int32(c.leadingDimension))
            return
        }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a.base, Int32(max(a.leadingDimension, 1)),
                    b.base, Int32(max(b.leadingDimension, 1)),
                    beta, c.base, Int32(c.leadingDimension))
    }
}
