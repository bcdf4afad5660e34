import SwiftGemmKernel

/// The AVX-512 build of the blocked product: `BlockedKernel<AVX512Blocking>`
/// instantiated in this module, which is compiled for Skylake-AVX512 (AVX-512 F, BW,
/// CD, DQ, VL), so SIMD8<Double> lives in zmm registers. This function is all
/// the module holds: nothing else of it may run on a CPU without AVX-512.
///
/// Call it only where the CPU has those and the OS saves ZMM state
/// (`SwiftGemm.Build` checks both); elsewhere it faults with SIGILL.
/// Same contract as `BlockedKernel.product`: m, n, k ≥ 1, shapes valid.
public func avx512BlockedProduct(m: Int, n: Int, k: Int, alpha: Double,
                                 a: UnsafePointer<Double>, lda: Int,
                                 b: UnsafePointer<Double>, ldb: Int,
                                 beta: Double,
                                 c: UnsafeMutablePointer<Double>, ldc: Int) {
    BlockedKernel<AVX512Blocking>.product(m: m, n: n, k: k, alpha: alpha,
                                          a: a, lda: lda, b: b, ldb: ldb,
                                          beta: beta, c: c, ldc: ldc)
}
