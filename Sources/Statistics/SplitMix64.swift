/// SplitMix64 (Steele, Lea & Flood, 2014): a small generator whose whole stream
/// is fixed by its seed. gemmbench uses it wherever a result must be replayable
/// from a recorded seed: the sweep's round order and the bootstrap's resamples.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.mix(state)
    }

    /// The stream's increment γ: draw i (from 1) of seed s mixes s + i·γ.
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// SplitMix64's output function: the i-th draw is `mix(seed &+ i &* increment)`,
    /// so a draw can be computed without the ones before it (`ElementGenerator`).
    @inline(__always)
    public static func mix(_ state: UInt64) -> UInt64 {
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Array {
    /// A Fisher–Yates shuffle driven by `generator`: the same seed gives the same
    /// order on every machine and Swift version (unlike `shuffled()`, whose
    /// algorithm the standard library does not promise to keep).
    public func seededShuffle(using generator: inout SplitMix64) -> [Element] {
        var result = self
        guard result.count > 1 else { return result }
        for i in stride(from: result.count - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i + 1))
            result.swapAt(i, j)
        }
        return result
    }
}
