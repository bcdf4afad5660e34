import GemmCore
import Statistics

/// Any element of the matrices gemmbench's single-process run fills, without
/// generating the ones before it.
///
/// `Matrix.random(rows:cols:seed:)` fills row by row from `SeededRandom(seed:)`,
/// a SplitMix64 stream whose i-th draw (from 1) mixes `seed + i·γ`. Element
/// (r, c) of a rows×cols matrix is therefore draw r·cols + c + 1, which this
/// computes directly, so every rank fills just its blocks and the distributed
/// matrices equal the single-process ones bit for bit.
public struct ElementGenerator: Sendable {
    public let seed: UInt64
    /// Columns of the whole matrix (the row stride of the stream).
    public let cols: Int

    public init(seed: UInt64, cols: Int) {
        self.seed = seed
        self.cols = cols
    }

    /// Element (row, col) of the whole matrix, in [-1, 1).
    @inline(__always)
    public func value(row: Int, col: Int) -> Double {
        let draw = UInt64(row * cols + col + 1)
        return Double(SplitMix64.mix(seed &+ draw &* SplitMix64.increment) >> 11) * 0x1p-52 - 1.0
    }

    /// Fills a strided local block whose element (0, 0) is global (rowStart, colStart).
    public func fill(_ block: DistributedBlock) {
        for i in 0..<block.rows {
            for j in 0..<block.cols {
                block.base[i * block.rowStride + j * block.colStride] = value(row: block.rowStart + i, col: block.colStart + j)
            }
        }
    }
}
