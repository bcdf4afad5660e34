/// Block sizes of the AVX-512 build (32 zmm registers, 6×16 tile of SIMD8<Double>).
///
/// The same depth and row block as AVX2: the packed B micro-panel doubles to
/// 64 KiB (L2, not L1d) and the packed A block stays at 384 KiB (L2).
/// Measured on a 2-core Zen 4 VM (n = 2048, three rounds alternated with OpenBLAS
/// 1 thread, GFLOP/s): kc/mc 512/96 gave 46.6–50.3, 512/48 41.5–50.6,
/// 256/96 46.2–47.9, 768/48 32.8–47.2, 1024/24 38.1–44.8; OpenBLAS 36.5–52.9
/// on a machine shared with two builds, so only 256 vs 512 is clear.
/// Not yet measured on an Intel core with two 512-bit FMA units.
///
/// `BlockedKernel<AVX512Blocking>` is instantiated in SwiftGemmAVX512, which is
/// compiled for Skylake-AVX512.
public enum AVX512Blocking: KernelBlocking {
    public typealias Vector = SIMD8<Double>
    @inlinable public static var depth: Int { 512 }
    @inlinable public static var rowBlock: Int { 96 }
    @inlinable public static var columnBlock: Int { 4096 }
}
