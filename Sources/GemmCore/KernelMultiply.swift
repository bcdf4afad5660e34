import Vocabulary
import SwiftGemm
import Platform

extension Kernel {
    /// Runs C ← alpha·A·B + beta·C on views. Shapes must agree: A is m×k, B k×n, C m×n.
    public func multiply(_ a: MatrixView, _ b: MatrixView, into c: MatrixView,
                         alpha: Double = 1, beta: Double = 0) {
        precondition(a.cols == b.rows && a.rows == c.rows && b.cols == c.cols,
                     "shape mismatch: \(a.rows)x\(a.cols) · \(b.rows)x\(b.cols) → \(c.rows)x\(c.cols)")
        switch self {
        case .blas: BLAS.dgemm(a, b, into: c, alpha: alpha, beta: beta)
        case .swift:
            SwiftGemm.dgemm(m: c.rows, n: c.cols, k: a.cols, alpha: alpha,
                            a: a.base, lda: a.leadingDimension,
                            b: b.base, ldb: b.leadingDimension,
                            beta: beta, c: c.base, ldc: c.leadingDimension)
        case .naive: NaiveKernel.multiply(a, b, into: c, alpha: alpha, beta: beta)
        }
    }
}
