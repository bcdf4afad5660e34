import Glibc

/// A distribution-free confidence interval for the median of a sample, from
/// its order statistics (Le Boudec, "Performance Evaluation of Computer and
/// Communication Systems", §2.2.1; Hoefler & Belli, SC15, rule 5).
///
/// For n samples sorted as x(1) ≤ … ≤ x(n) the interval is [x(j), x(n−j+1)],
/// where j is the LARGEST rank with
///
///     P(B ≤ j − 1) ≤ (1 − confidence) / 2,   B ~ Binomial(n, ½),
///
/// so that P(x(j) ≤ median ≤ x(n−j+1)) = 1 − 2·P(B ≤ j − 1) ≥ confidence.
/// No assumption about the distribution of the samples is made (timings are
/// skewed and often bimodal). At 95 % the first n with an interval is 6
/// (j = 1: coverage 1 − 2/64 = 96.9 %); n = 10 gives ranks (2, 9), n = 100
/// gives (40, 61).
public enum MedianInterval {
    /// The confidence level every figure in gemmbench is reported at.
    public static let confidence = 0.95

    /// The fewest samples that have a 95 % interval: below 6 even [x(1), x(n)]
    /// covers the median with probability 1 − 2^(1−n) < 95 %.
    public static let minimumSamples = 6

    /// 1-based ranks (j, n − j + 1) of the interval's ends, or nil when even
    /// the extreme order statistics cannot reach `confidence`.
    public static func ranks(count n: Int, confidence: Double = confidence) -> (lower: Int, upper: Int)? {
        guard n >= 1 else { return nil }
        let tail = (1 - confidence) / 2
        // cumulative = P(B ≤ j − 1) while j moves up; stop before it passes `tail`.
        var cumulative = 0.0
        var best: Int? = nil
        for j in 1...((n + 1) / 2) {
            cumulative += binomialHalfProbability(n: n, k: j - 1)
            guard cumulative <= tail else { break }
            best = j
        }
        return best.map { ($0, n - $0 + 1) }
    }

    /// The interval [x(j), x(n−j+1)] of `samples` (any order), or nil when
    /// there are too few samples for `confidence`.
    public static func interval(_ samples: [Double], confidence: Double = confidence) -> ClosedRange<Double>? {
        guard let (lower, upper) = ranks(count: samples.count, confidence: confidence) else { return nil }
        let sorted = samples.sorted()
        return sorted[lower - 1]...sorted[upper - 1]
    }

    /// P(B = k) for B ~ Binomial(n, ½), in log space so n in the thousands
    /// neither overflows the binomial coefficient nor underflows 2⁻ⁿ too early.
    static func binomialHalfProbability(n: Int, k: Int) -> Double {
        let logCoefficient = lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
        return exp(logCoefficient - Double(n) * M_LN2)
    }
}
