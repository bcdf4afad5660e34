/// SplitMix64: a tiny, fast generator whose stream depends only on the seed, so
/// every process (and every run) that asks for "matrix 3 of seed 42" gets the
/// same numbers without shipping them around.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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
