/// A 95 % confidence interval for a speedup, the ratio of two medians
/// median(reference) ÷ median(measured), by the percentile bootstrap
/// (Efron & Tibshirani, "An Introduction to the Bootstrap", §13.3):
///
/// 1. draw `resamples` pairs of resamples, each sample set resampled with
///    replacement to its own size, from a SplitMix64 stream with a fixed seed;
/// 2. compute r* = median(reference*) ÷ median(measured*) for each pair;
/// 3. report the (1 − confidence)/2 and (1 + confidence)/2 quantiles of r*
///    (ranks ⌊B·q⌋ of the sorted r*, clamped to [0, B − 1]).
///
/// The seed is fixed so the same samples always give the same interval. Two
/// independent sample sets are assumed: gemmbench interleaves configurations
/// in shuffled rounds, so slow bursts spread over both instead of one.
public enum RatioInterval {
    public static let defaultResamples = 2000
    /// Fixed so that a results directory's intervals can be recomputed exactly.
    public static let defaultSeed: UInt64 = 0x5EED_5EED

    public static func ofMedians(reference: [Double], measured: [Double],
                                 confidence: Double = MedianInterval.confidence,
                                 resamples: Int = defaultResamples,
                                 seed: UInt64 = defaultSeed) -> ClosedRange<Double>? {
        guard !reference.isEmpty, !measured.isEmpty, resamples >= 1 else { return nil }
        var generator = SplitMix64(seed: seed)
        var ratios: [Double] = []
        ratios.reserveCapacity(resamples)
        var referenceDraw = reference, measuredDraw = measured
        for _ in 0..<resamples {
            resample(reference, into: &referenceDraw, using: &generator)
            resample(measured, into: &measuredDraw, using: &generator)
            referenceDraw.sort()
            measuredDraw.sort()
            let denominator = medianOfSorted(measuredDraw)
            guard denominator > 0 else { continue }
            ratios.append(medianOfSorted(referenceDraw) / denominator)
        }
        guard !ratios.isEmpty else { return nil }
        ratios.sort()
        let tail = (1 - confidence) / 2
        func quantile(_ q: Double) -> Double {
            ratios[min(max(Int((Double(ratios.count) * q).rounded(.down)), 0), ratios.count - 1)]
        }
        return quantile(tail)...quantile(1 - tail)
    }

    private static func resample(_ samples: [Double], into draw: inout [Double], using generator: inout SplitMix64) {
        let count = UInt64(samples.count)
        for index in draw.indices { draw[index] = samples[Int(generator.next() % count)] }
    }
}
