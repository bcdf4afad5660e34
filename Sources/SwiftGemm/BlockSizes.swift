/// Register and cache block sizes of the blocked product (BLIS names in brackets).
///
/// Chosen for AVX2 + FMA (16 ymm registers) and caches of at least
/// 32 KiB L1d / 512 KiB L2 / several MiB L3 per core (AMD Zen 3, Intel Xeon):
/// - a packed B micro-panel (depth × tileColumns doubles = 32 KiB) is reused by
///   every A micro-panel of the row block, so it stays in L1/L2;
/// - the packed A block (rowBlock × depth doubles = 384 KiB) stays in L2;
/// - the packed B block (depth × columnBlock doubles ≤ 16 MiB) lives in L3.
///
/// depth = 512 rather than the textbook 256 halves the passes over C, whose
/// tile loads cannot be prefetched from Swift; measured on Zen 3 (n = 512–2048)
/// it raised the ratio to OpenBLAS from ≈ 80 % to ≈ 90 % (256/120, 512/48,
/// 384/72 were all slower than 512/96).
enum BlockSizes {
    /// Rows of C per register tile [mr]. The micro-kernel is written for exactly 6.
    static let tileRows = 6
    /// Columns of C per register tile [nr]: two SIMD4<Double>. The micro-kernel is written for exactly 8.
    static let tileColumns = 8
    /// Shared dimension per packed block [kc].
    static let depth = 512
    /// Rows of A per packed block [mc]; a multiple of `tileRows`.
    static let rowBlock = 96
    /// Columns of B per packed block [nc]; a multiple of `tileColumns`.
    static let columnBlock = 4096
}
