extension SwiftGemm {
    /// C ← beta·C on the m×n view; beta == 0 stores zeros without reading C,
    /// so NaN or Inf already in C does not survive (BLAS semantics).
    static func scaleView(m: Int, n: Int, beta: Double,
                          c: UnsafeMutablePointer<Double>, ldc: Int) {
        if beta == 1 { return }
        for i in 0..<m {
            let row = c + i * ldc
            if beta == 0 {
                row.update(repeating: 0, count: n)
            } else {
                for j in 0..<n { row[j] *= beta }
            }
        }
    }
}
