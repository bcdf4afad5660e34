import SwiftGemmAVX512
import SwiftGemmKernel

/// A pure-Swift double-precision matrix product, written GotoBLAS/BLIS style:
/// cache blocking, packing of A and B into contiguous aligned
/// panels and a register-tiled FMA micro-kernel (module SwiftGemmKernel), in two
/// builds chosen per process (``Build``): AVX2 (6×8 tile) and AVX-512 (6×16 tile).
///
/// Single-threaded and reentrant: every call allocates its own packing buffers,
/// so concurrent calls from different threads or processes never share state.
public enum SwiftGemm {
    /// C ← alpha·A·B + beta·C for row-major A (m×k, leading dim lda ≥ k),
    /// B (k×n, ldb ≥ n), C (m×n, ldc ≥ n).
    ///
    /// - `beta == 0` means C is not read (NaN or Inf in C does not leak), as in BLAS.
    /// - `alpha == 0` or `k == 0` reduces to C ← beta·C; A and B are not read.
    /// - m, n or k may be 0. Only the m×n view of C is written: elements between
    ///   column n and ldc of each row are never touched.
    /// - `build` nil runs ``Build/selected``; a build this CPU cannot run stops
    ///   the process (tests name one to check both).
    ///
    /// Rounding: each C element is a sum of k products accumulated with fused
    /// multiply-adds in blocks of 512 (the depth of both builds), so
    /// |C − exact| ≤ ~k·ε·max|A|·max|B|·|alpha| + ε·|beta·C| (ε = 2⁻⁵²).
    ///
    /// The shape contract is checked with `precondition` (active in debug builds,
    /// which compile this module with `-O`; the release build uses `-Ounchecked`). Callers holding untrusted shapes
    /// should call ``validate(m:n:k:lda:ldb:ldc:)`` first.
    public static func dgemm(m: Int, n: Int, k: Int, alpha: Double,
                             a: UnsafePointer<Double>, lda: Int,
                             b: UnsafePointer<Double>, ldb: Int,
                             beta: Double,
                             c: UnsafeMutablePointer<Double>, ldc: Int,
                             build: Build? = nil) {
        precondition((try? validate(m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc)) != nil,
                     "SwiftGemm.dgemm: invalid shape (call SwiftGemm.validate for the reason)")
        if m == 0 || n == 0 { return }
        if k == 0 || alpha == 0 {
            scaleView(m: m, n: n, beta: beta, c: c, ldc: ldc)
            return
        }
        switch build ?? Build.selectedOrExit {
        case .avx2:
            BlockedKernel<AVX2Blocking>.product(m: m, n: n, k: k, alpha: alpha,
                                                a: a, lda: lda, b: b, ldb: ldb,
                                                beta: beta, c: c, ldc: ldc)
        case .avx512:
            // The guard is never compiled out: without it a wrong build faults with SIGILL.
            guard Build.avx512.runsHere else {
                fatalError("SwiftGemm.dgemm: \(SwiftGemmError.buildNotRunnable(requested: "avx512"))")
            }
            avx512BlockedProduct(m: m, n: n, k: k, alpha: alpha,
                                 a: a, lda: lda, b: b, ldb: ldb,
                                 beta: beta, c: c, ldc: ldc)
        }
    }

    /// Checks the shape contract of ``dgemm(m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:build:)``:
    /// m, n, k ≥ 0, lda ≥ max(1, k), ldb ≥ max(1, n), ldc ≥ max(1, n).
    public static func validate(m: Int, n: Int, k: Int,
                                lda: Int, ldb: Int, ldc: Int) throws(SwiftGemmError) {
        if m < 0 { throw .negativeDimension(name: "m", value: m) }
        if n < 0 { throw .negativeDimension(name: "n", value: n) }
        if k < 0 { throw .negativeDimension(name: "k", value: k) }
        if lda < max(1, k) { throw .leadingDimensionTooSmall(name: "lda", value: lda, minimum: max(1, k)) }
        if ldb < max(1, n) { throw .leadingDimensionTooSmall(name: "ldb", value: ldb, minimum: max(1, n)) }
        if ldc < max(1, n) { throw .leadingDimensionTooSmall(name: "ldc", value: ldc, minimum: max(1, n)) }
    }
}
