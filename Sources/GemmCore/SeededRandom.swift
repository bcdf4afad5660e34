import Statistics

/// Matrix entries from SplitMix64, whose stream depends only on the seed, so
/// every process (and every run) that asks for "matrix 3 of seed 42" gets the
/// same numbers without shipping them around.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var generator: SplitMix64

    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    public mutating func next() -> UInt64 { generator.next() }

    /// A double uniform in [-1, 1): the top 53 bits scaled, so every value is exact.
    public mutating func nextSigned() -> Double {
        Double(next() >> 11) * 0x1p-52 - 1.0
    }

    /// Fills the view row by row with values in [-1, 1).
    public mutating func fill(_ view: MatrixView) {
        for i in 0..<view.rows {
            let row = view.row(i)
            for j in 0..<view.cols { row[j] = nextSigned() }
        }
    }
}
