import Statistics
@testable import SwiftGemm

/// The project's one SplitMix64 (module Statistics): every run sees the same matrices.
typealias SeededGenerator = SplitMix64

/// A row-major rows×cols view with leading dimension `ld` inside a buffer that
/// also holds `padding` (the ld − cols tail of each row and a guard row after
/// the last), so tests can check the kernel neither reads nor writes outside.
struct PaddedMatrix {
    let rows: Int
    let cols: Int
    let ld: Int
    var storage: [Double]

    /// Elements in the view are uniform in [−1, 1); everything else is `padding`.
    init(rows: Int, cols: Int, ld: Int, padding: Double, using generator: inout SeededGenerator) {
        self.rows = rows
        self.cols = cols
        self.ld = ld
        // One extra row (at least one element) of guard after the view.
        storage = Array(repeating: padding, count: (rows + 1) * ld + 1)
        for i in 0..<rows {
            for j in 0..<cols { storage[i * ld + j] = Double.random(in: -1..<1, using: &generator) }
        }
    }

    subscript(i: Int, j: Int) -> Double {
        get { storage[i * ld + j] }
        set { storage[i * ld + j] = newValue }
    }

    func isInView(_ index: Int) -> Bool {
        index / ld < rows && index % ld < cols
    }

    /// max |x| over the view (0 for an empty view).
    var maxMagnitude: Double {
        var result = 0.0
        for i in 0..<rows { for j in 0..<cols { result = max(result, abs(self[i, j])) } }
        return result
    }
}

/// The kernel builds this CPU runs: both on an AVX-512 machine, AVX2 alone elsewhere.
/// Every product and semantics test runs once per build in it.
let testedBuilds = SwiftGemm.Build.allCases.filter(\.runsHere)

/// Runs SwiftGemm.dgemm's `build` (nil: the selected one) on the three padded matrices (C is updated in place).
func runSwiftGemm(_ build: SwiftGemm.Build?, alpha: Double, _ a: PaddedMatrix, _ b: PaddedMatrix,
                  beta: Double, _ c: inout PaddedMatrix) {
    let m = c.rows, n = c.cols, k = a.cols
    a.storage.withUnsafeBufferPointer { ap in
        b.storage.withUnsafeBufferPointer { bp in
            c.storage.withUnsafeMutableBufferPointer { cp in
                SwiftGemm.dgemm(m: m, n: n, k: k, alpha: alpha,
                                a: ap.baseAddress!, lda: a.ld,
                                b: bp.baseAddress!, ldb: b.ld,
                                beta: beta, c: cp.baseAddress!, ldc: c.ld, build: build)
            }
        }
    }
}

/// The plain triple loop: alpha·Σₚ A[i,p]·B[p,j] + beta·C[i,j], with C not read when beta == 0.
func referenceProduct(alpha: Double, _ a: PaddedMatrix, _ b: PaddedMatrix,
                      beta: Double, _ c: PaddedMatrix) -> [[Double]] {
    var result = Array(repeating: Array(repeating: 0.0, count: c.cols), count: c.rows)
    for i in 0..<c.rows {
        for j in 0..<c.cols {
            var sum = 0.0
            for p in 0..<a.cols { sum += a[i, p] * b[p, j] }
            result[i][j] = alpha * sum + (beta == 0 ? 0 : beta * c[i, j])
        }
    }
    return result
}

/// The largest |computed − reference| over the view, and whether every
/// element outside the view is bit-for-bit what it was before the call.
func compare(_ computed: PaddedMatrix, against reference: [[Double]],
             outsideViewOf original: PaddedMatrix) -> (maxError: Double, outsideUntouched: Bool) {
    var maxError = 0.0
    for i in 0..<computed.rows {
        for j in 0..<computed.cols {
            let error = abs(computed[i, j] - reference[i][j])
            // NaN must count as a failure, and `max` would drop it.
            maxError = error.isNaN ? .infinity : max(maxError, error)
        }
    }
    var untouched = true
    for index in computed.storage.indices where !original.isInView(index) {
        if computed.storage[index].bitPattern != original.storage[index].bitPattern { untouched = false }
    }
    return (maxError, untouched)
}
