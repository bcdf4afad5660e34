/// One build of the blocked kernel: the SIMD vector its register tile is made of
/// and the cache block sizes tuned for it (BLIS names in brackets).
///
/// The loop nest, packing and micro-kernel in this module are generic over it
/// and `@inlinable`, so they are compiled in the module that names a concrete
/// blocking: SwiftGemm (compiled for Haswell, AVX2 + FMA) and SwiftGemmAVX512
/// (compiled for Skylake-AVX512). One source, one instance per instruction set.
/// This module's own unspecialised code is never called by the product.
public protocol KernelBlocking {
    /// Half a row of the register tile: the tile is 6 rows × 2 vectors.
    associatedtype Vector: SIMD where Vector.Scalar == Double
    /// Shared dimension per packed block [kc].
    static var depth: Int { get }
    /// Rows of A per packed block [mc]; a multiple of `tileRows`.
    static var rowBlock: Int { get }
    /// Columns of B per packed block [nc]; a multiple of `tileColumns`.
    static var columnBlock: Int { get }
}

extension KernelBlocking {
    /// Rows of C per register tile [mr]. The micro-kernel is written for exactly 6.
    @inlinable static var tileRows: Int { 6 }
    /// Columns of C per register tile [nr]: two vectors (8 for SIMD4, 16 for SIMD8).
    @inlinable static var tileColumns: Int { 2 * Vector.scalarCount }
}

extension BlockedKernel {
    /// The register tile and cache blocks, e.g. "6×8 SIMD4<Double> tile, kc 512, mc 96, nc 4096".
    public static var summary: String {
        "\(Blocking.tileRows)×\(Blocking.tileColumns) SIMD\(Blocking.Vector.scalarCount)<Double> tile, "
            + "kc \(Blocking.depth), mc \(Blocking.rowBlock), nc \(Blocking.columnBlock)"
    }
}
