/// The textbook triple loop, kept deliberately plain: it is the reference every
/// other kernel is tested against, so it must be obviously right, not fast.
public enum NaiveKernel {
    /// C[i][j] ← alpha · Σ_p A[i][p]·B[p][j] + beta · C[i][j]; with beta == 0 C is not read (BLAS rule).
    public static func multiply(_ a: MatrixView, _ b: MatrixView, into c: MatrixView,
                                alpha: Double, beta: Double) {
        for i in 0..<c.rows {
            for j in 0..<c.cols {
                var sum = 0.0
                for p in 0..<a.cols { sum += a[i, p] * b[p, j] }
                c[i, j] = beta == 0 ? alpha * sum : alpha * sum + beta * c[i, j]
            }
        }
    }
}
