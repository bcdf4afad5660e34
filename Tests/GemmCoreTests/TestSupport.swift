@testable import GemmCore

/// C = alpha·A·B + beta·C0 by the textbook triple loop on copies of the views'
/// elements: independent of every kernel under test, including `NaiveKernel`.
func referenceProduct(_ a: MatrixView, _ b: MatrixView, c0: MatrixView,
                      alpha: Double, beta: Double) -> [[Double]] {
    var result = Array(repeating: Array(repeating: 0.0, count: c0.cols), count: c0.rows)
    for i in 0..<c0.rows {
        for j in 0..<c0.cols {
            var sum = 0.0
            for p in 0..<a.cols { sum += a[i, p] * b[p, j] }
            // beta == 0 means C is not read (BLAS rule), so NaN in C must not leak.
            result[i][j] = beta == 0 ? alpha * sum : alpha * sum + beta * c0[i, j]
        }
    }
    return result
}

/// Largest |x − reference| over the view.
func maxDifference(_ view: MatrixView, _ reference: [[Double]]) -> Double {
    var worst = 0.0
    for i in 0..<view.rows {
        for j in 0..<view.cols {
            let d = abs(view[i, j] - reference[i][j])
            if !d.isFinite { return .infinity }
            worst = max(worst, d)
        }
    }
    return worst
}

/// The worst-case rounding bound of any summation order: with entries in
/// [-1, 1) each result is a (k+2)-term sum whose magnitudes add up to at most
/// |alpha|·k + |beta|·1, so |error| ≤ (k+2)·ε·(|alpha|·k + |beta| + 1); we allow 8× that.
func productTolerance(k: Int, alpha: Double = 1, beta: Double = 0) -> Double {
    8 * Double.ulpOfOne * Double(k + 2) * (abs(alpha) * Double(k) + abs(beta) + 1)
}

/// A rows×cols matrix with leading dimension `ld`, the view filled from `seed`
/// and every element outside the view (the ld − cols tail of each row) set to `padding`.
func paddedMatrix(rows: Int, cols: Int, ld: Int, seed: UInt64, padding: Double) -> Matrix {
    let matrix = Matrix(rows: rows, cols: cols, leadingDimension: ld)
    for i in 0..<rows { for j in cols..<ld { matrix.view.base[i * ld + j] = padding } }
    var generator = SeededRandom(seed: seed)
    generator.fill(matrix.view)
    return matrix
}

/// Elements of the storage behind `view` that lie outside it (within its rows' ld span).
func paddingElements(_ view: MatrixView) -> [Double] {
    var values: [Double] = []
    for i in 0..<view.rows { for j in view.cols..<view.leadingDimension { values.append(view.base[i * view.leadingDimension + j]) } }
    return values
}
