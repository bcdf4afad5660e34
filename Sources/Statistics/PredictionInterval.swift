import Glibc

/// Where one more independent run's figure will land, from k runs that
/// measured it (a regression baseline recorded from several sweeps).
///
/// On the log scale, with y(1…k) the runs' log figures, mean ȳ and standard
/// deviation s, the 95 % prediction interval for one new run is
///
///     ȳ ± t(0.975; k − 1) · s · √(1 + 1/k)
///
/// (the new run's own variance s² plus the uncertainty of ȳ, s²/k), under a
/// normal model for the run-to-run spread.
public struct PredictionInterval: Equatable, Sendable {
    /// exp(ȳ): the geometric mean of the runs' figures.
    public let center: Double
    /// t(0.975; k − 1) · s · √(1 + 1/k), on the log scale.
    public let logHalfWidth: Double
    /// s, the runs' log standard deviation.
    public let logSpread: Double
    public let runs: Int

    /// nil for fewer than 2 figures, or any figure ≤ 0 or not finite.
    public init?(_ figures: [Double]) {
        guard figures.count >= 2, figures.allSatisfy({ $0 > 0 && $0.isFinite }),
              let t = StudentT.quantile975(degreesOfFreedom: figures.count - 1) else { return nil }
        let logs = figures.map(log)
        let k = Double(figures.count)
        center = exp(logs.reduce(0, +) / k)
        logSpread = standardDeviation(logs)
        logHalfWidth = t * logSpread * (1 + 1 / k).squareRoot()
        runs = figures.count
    }

    /// The interval's lower end as a fraction below the centre: 1 − exp(−half-width).
    public var relativeLowerHalfWidth: Double { 1 - exp(-logHalfWidth) }
}
