/// Block sizes of the AVX2 + FMA build (16 ymm registers, 6×8 tile of SIMD4<Double>),
/// for caches of at least 32 KiB L1d / 512 KiB L2 / several MiB L3 per core
/// (AMD Zen 3, Intel Xeon):
/// - a packed B micro-panel (depth × tileColumns doubles = 32 KiB) is reused by
///   every A micro-panel of the row block, so it stays in L1/L2;
/// - the packed A block (rowBlock × depth doubles = 384 KiB) stays in L2;
/// - the packed B block (depth × columnBlock doubles ≤ 16 MiB) lives in L3.
///
/// depth = 512 rather than the textbook 256 halves the passes over C, whose
/// tile loads cannot be prefetched from Swift; measured on Zen 3 (n = 512–2048)
/// it raised the ratio to OpenBLAS from ≈ 80 % to ≈ 90 % (256/120, 512/48,
/// 384/72 were all slower than 512/96).
///
/// `BlockedKernel<AVX2Blocking>` is instantiated in SwiftGemm, which is compiled
/// for Haswell.
public enum AVX2Blocking: KernelBlocking {
    public typealias Vector = SIMD4<Double>
    @inlinable public static var depth: Int { 512 }
    @inlinable public static var rowBlock: Int { 96 }
    @inlinable public static var columnBlock: Int { 4096 }
}
