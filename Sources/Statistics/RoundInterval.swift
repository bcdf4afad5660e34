import Glibc

/// 95 % intervals for a median and for a speedup that count ROUNDS, not
/// samples, as the unit that varies.
///
/// A sweep measures each configuration once per round, in a child process of
/// its own, and the machine's state of that minute (where the host placed the
/// vCPUs, page and cache state, clocks) is shared by every sample of the round.
/// Samples within a round are therefore not independent draws: an interval
/// that pools them as if they were (`MedianInterval`, `RatioInterval`) is too
/// narrow, and two runs' intervals then fail to overlap far more often than 5 %.
///
/// The model is a random effect per round on the log scale,
///
///     log x(r, i) = μ + b(r) + e(r, i),   b ~ (0, σ_b²),  e ~ (0, σ_w²),
///
/// and the interval is Student's t over the R round summaries (the "summary
/// statistics" analysis of clustered data): with y(r) = log median of round r
/// (for a speedup, y(r) = log(median reference(r) ÷ median measured(r)) over the
/// rounds that measured both, so a round's shared state cancels where it can),
///
///     half-width = t(0.975; R − 1) · sd(y) / √R,
///
/// centred on the mean of the y(r) and stretched, where needed, to hold the
/// figure gemmbench reports (the median of all samples, or the ratio of the two
/// medians), which can sit a little off that centre.
/// sd(y) already contains both σ_b² and the within-round noise of each round's
/// median, so no variance component has to be estimated separately, and the t
/// quantile keeps the coverage at 95 % even for a handful of rounds — unlike a
/// cluster bootstrap, which resamples too few distinct rounds to reach its
/// nominal level below ~10 clusters (Cameron, Gelbach & Miller 2008).
///
/// The result is the union with the pooled within-run interval: it is never
/// narrower than the samples alone show (a few rounds can agree by chance).
/// With fewer than 2 rounds only the pooled interval exists, and is returned.
public enum RoundInterval {
    /// The fewest rounds with a round-level interval.
    public static let minimumRounds = 2

    /// The interval of the median of all samples; `rounds` holds each round's
    /// samples (empty rounds are skipped). nil when neither interval exists.
    public static func ofMedian(rounds: [[Double]]) -> ClosedRange<Double>? {
        let measured = rounds.filter { !$0.isEmpty }
        let pooled = measured.flatMap { $0 }
        let within = MedianInterval.interval(pooled)
        guard let estimate = median(pooled) else { return nil }
        let summaries = measured.map { medianOfSorted($0.sorted()) }
        let between = interval(around: estimate, logSummaries: summaries.map(log),
                               valid: summaries.allSatisfy { $0 > 0 } && estimate > 0)
        return union(within, between)
    }

    /// The interval of median(reference) ÷ median(measured), both over all
    /// their samples. `reference[r]` and `measured[r]` are round r's samples of
    /// each (a round where either is empty is left out of the round-level part).
    /// `resamples`: of the pooled bootstrap.
    public static func ofSpeedup(reference: [[Double]], measured: [[Double]],
                                 resamples: Int = RatioInterval.defaultResamples) -> ClosedRange<Double>? {
        let referencePooled = reference.flatMap { $0 }, measuredPooled = measured.flatMap { $0 }
        let within = RatioInterval.ofMedians(reference: referencePooled, measured: measuredPooled, resamples: resamples)
        guard let top = median(referencePooled), let bottom = median(measuredPooled), bottom > 0 else { return within }
        var logRatios: [Double] = []
        var valid = top > 0
        for (ref, meas) in zip(reference, measured) where !ref.isEmpty && !meas.isEmpty {
            let a = medianOfSorted(ref.sorted()), b = medianOfSorted(meas.sorted())
            guard a > 0, b > 0 else { valid = false; break }
            logRatios.append(log(a / b))
        }
        return union(within, interval(around: top / bottom, logSummaries: logRatios, valid: valid))
    }

    /// exp(mean ± t(0.975; R − 1)·sd/√R) over R ≥ 2 log summaries, stretched to hold `estimate`.
    static func interval(around estimate: Double, logSummaries: [Double], valid: Bool) -> ClosedRange<Double>? {
        guard valid, logSummaries.count >= minimumRounds,
              let t = StudentT.quantile975(degreesOfFreedom: logSummaries.count - 1) else { return nil }
        let half = t * standardDeviation(logSummaries) / Double(logSummaries.count).squareRoot()
        // Offsets from the estimate, so rounds that all agree with it give it back exactly.
        let offset = logSummaries.reduce(0) { $0 + ($1 - log(estimate)) } / Double(logSummaries.count)
        let center = estimate * exp(offset)
        // Stretched to hold the reported figure where the pooled median sits off-centre.
        return min(center * exp(-half), estimate)...max(center * exp(half), estimate)
    }

    static func union(_ a: ClosedRange<Double>?, _ b: ClosedRange<Double>?) -> ClosedRange<Double>? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a.lowerBound, b.lowerBound)...max(a.upperBound, b.upperBound)
    }
}

/// The sample standard deviation (n − 1 in the denominator); 0 for fewer than two values.
public func standardDeviation(_ values: [Double]) -> Double {
    guard values.count >= 2 else { return 0 }
    let mean = values.reduce(0, +) / Double(values.count)
    let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (squares / Double(values.count - 1)).squareRoot()
}
