import Glibc  // log2, exp2

/// Median seconds of each candidate at a few calibration sizes, measured on
/// this machine; `best` turns it into a choice for any product.
public struct CalibrationTable: Equatable, Sendable {
    /// seconds[n][candidate]: median time of an n×n×n product.
    public var seconds: [Int: [Decomposition: Double]]

    public init(seconds: [Int: [Decomposition: Double]] = [:]) { self.seconds = seconds }

    /// The sizes a calibration measures: a small product where dispatch
    /// overhead decides, a middle one, and one large enough for BLAS to reach
    /// its full rate. Products in between take the nearest (in log scale).
    public static let sizes = [256, 1024, 2048]

    /// Measures every candidate at every size, `rounds` times in rotated order
    /// (round r starts at candidate r, so no candidate always runs right after
    /// the same one), pooling each one's samples and keeping their median.
    public static func calibrate(candidates: [Decomposition], sizes: [Int] = sizes, rounds: Int = 2,
                                 measure: (Decomposition, Int) throws -> [Double]) rethrows -> CalibrationTable {
        var table = CalibrationTable()
        for n in sizes {
            var samples: [Decomposition: [Double]] = [:]
            for round in 0..<max(rounds, 1) {
                for index in candidates.indices {
                    let candidate = candidates[(index + round) % candidates.count]
                    samples[candidate, default: []] += try measure(candidate, n)
                }
            }
            table.seconds[n] = samples.compactMapValues { values in
                guard !values.isEmpty else { return nil }
                let sorted = values.sorted()
                let middle = sorted.count / 2
                return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
            }
        }
        return table
    }

    /// The fastest of `candidates` at the calibrated size nearest to the
    /// product's cube-root size ∛(m·k·n), by |log n − log size|; nil when no
    /// candidate was measured. Ties go to the earlier candidate.
    public func best(m: Int, k: Int, n: Int, among candidates: [Decomposition]) -> Decomposition? {
        let target = cubeRoot(Double(m) * Double(k) * Double(n))
        guard let nearest = seconds.keys.min(by: { abs(log2(Double($0)) - log2(target)) < abs(log2(Double($1)) - log2(target)) }),
              let row = seconds[nearest] else { return nil }
        var best: (Decomposition, Double)? = nil
        for candidate in candidates {
            guard let time = row[candidate] else { continue }
            if best == nil || time < best!.1 { best = (candidate, time) }
        }
        return best?.0
    }
}

private func cubeRoot(_ x: Double) -> Double { x > 0 ? exp2(log2(x) / 3) : 1 }
