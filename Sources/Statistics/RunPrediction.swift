import Glibc

/// Where one more independent run's figure will land, from k ≥ 2 runs that each
/// measured it with a standard error of their own (a regression baseline recorded
/// from several sweeps).
///
/// A random-effects model of the runs (DerSimonian & Laird 1986), on the log
/// scale: run i reads yᵢ = μ + uᵢ + eᵢ, where uᵢ ~ N(0, τ²) is what moves between
/// runs (the machine's state that minute, the host's placement of the vCPUs) and
/// eᵢ ~ N(0, sᵢ²) is the run's own error, sᵢ known from its round-level CI.
///
/// - centre: ȳ = Σwᵢyᵢ / Σwᵢ with wᵢ = 1/sᵢ², so a run measured in a disturbed
///   minute, whose own CI is wide, counts little;
/// - between-run spread: τ² = max(0, (Q − (k − 1)) / (Σw − Σw²/Σw)), with
///   Q = Σwᵢ(yᵢ − ȳ)²: the part of the runs' scatter their own errors do not explain;
/// - one new run: y_new − ȳ has variance f·τ² + s̃² + 1/Σw, with 1/Σw the centre's
///   own uncertainty and s̃² = k/Σw the harmonic mean of the runs' error
///   variances: the error of a run measured as cleanly as these runs mostly were.
///   A disturbed run (one wide CI) barely moves it, where a median of three
///   would take a second disturbed run's. A new run whose own CI is wider is
///   not judged by this band alone: `compare` also asks its whole CI to lie
///   below the centre. f = (t(0.975; k − 1) / 1.96)² pays for estimating τ
///   from k − 1 degrees of freedom: with runs whose own errors are negligible
///   the interval is then Student t's over the k figures, and with runs that
///   agree beyond their errors (τ = 0) it is the known-error one. Simulated
///   with k = 3 and τ three times the runs' error, it holds one new run above
///   its lower end 95 % of the time, against 90 % without f.
///
/// Why not Student t over the k figures alone: with k = 3, t(0.975; 2) = 4.3
/// multiplies a spread estimated from two degrees of freedom, and one disturbed
/// run widens the interval for good. The runs' own CIs carry many more degrees of
/// freedom (their rounds), and weighting by them keeps a disturbed run from
/// moving the centre. The interval is centre · exp(±`coverage` · sd), with
/// `coverage` = 2 (about 95 % under the model).
public struct RunPrediction: Equatable, Sendable {
    /// One run's figure and the standard error of its logarithm.
    public struct Run: Equatable, Sendable {
        public let value: Double
        public let logStandardError: Double
        public init(value: Double, logStandardError: Double) {
            self.value = value
            self.logStandardError = logStandardError
        }
    }

    /// exp(ȳ): the runs' weighted geometric mean.
    public let center: Double
    /// τ: the spread between runs beyond their own errors, on the log scale.
    public let logBetweenRunSpread: Double
    /// s̃ = √(k/Σw): the runs' own log standard errors, pooled as the root of
    /// the harmonic mean of their variances.
    public let logTypicalRunError: Double
    /// 1/√Σw: the centre's own standard error.
    public let logCenterError: Double
    public let runs: Int

    /// Standard errors below this (a CI of zero width, as from exact stub timings)
    /// count as this, so no run gets an infinite weight: 0.05 %.
    public static let smallestLogStandardError = 0.0005
    /// Standard deviations of one new run on either side of the centre.
    public static let coverage = 2.0

    /// nil for fewer than 2 runs, or any figure ≤ 0 or not finite, or any
    /// standard error negative or not finite.
    public init?(_ runs: [Run]) {
        guard runs.count >= 2,
              runs.allSatisfy({ $0.value > 0 && $0.value.isFinite && $0.logStandardError >= 0 && $0.logStandardError.isFinite })
        else { return nil }
        let errors = runs.map { max($0.logStandardError, Self.smallestLogStandardError) }
        let logs = runs.map { log($0.value) }
        let weights = errors.map { 1 / ($0 * $0) }
        let weightSum = weights.reduce(0, +)
        let mean = zip(weights, logs).map { $0 * $1 }.reduce(0, +) / weightSum
        let q = zip(weights, logs).map { w, y in w * (y - mean) * (y - mean) }.reduce(0, +)
        let c = weightSum - weights.map { $0 * $0 }.reduce(0, +) / weightSum
        let betweenVariance = c > 0 ? max(0, (q - Double(runs.count - 1)) / c) : 0
        center = exp(mean)
        logBetweenRunSpread = betweenVariance.squareRoot()
        logTypicalRunError = (Double(runs.count) / weightSum).squareRoot()
        logCenterError = (1 / weightSum).squareRoot()
        self.runs = runs.count
    }

    /// f = (t(0.975; k − 1) / 1.96)²: τ² counted as wide as k runs can pin it down.
    public var smallSampleFactor: Double {
        let t = StudentT.quantile975(degreesOfFreedom: runs - 1) ?? StudentT.normalQuantile975
        return (t / StudentT.normalQuantile975) * (t / StudentT.normalQuantile975)
    }
    /// √(f·τ² + s̃² + 1/Σw): one new run's log standard deviation around the centre.
    public var logStandardDeviation: Double {
        (smallSampleFactor * logBetweenRunSpread * logBetweenRunSpread + logTypicalRunError * logTypicalRunError
         + logCenterError * logCenterError).squareRoot()
    }
    /// `coverage` · sd, on the log scale.
    public var logHalfWidth: Double { Self.coverage * logStandardDeviation }
    /// The interval's lower end as a fraction below the centre: 1 − exp(−half-width).
    public var relativeLowerHalfWidth: Double { 1 - exp(-logHalfWidth) }
}

extension RunPrediction.Run {
    /// A run's figure with its 95 % CI [low, high] from `rounds` rounds (Student t
    /// over the rounds, `RoundInterval`): its log standard error is the CI's log
    /// half-width ÷ t(0.975; rounds − 1). A CI stretched to hold the figure, or
    /// widened to the pooled one, only makes it larger: the run then counts less.
    public init(value: Double, low: Double, high: Double, rounds: Int) {
        let t = StudentT.quantile975(degreesOfFreedom: max(rounds - 1, 1)) ?? StudentT.normalQuantile975
        let halfWidth = low > 0 && high >= low ? log(high / low) / 2 : .infinity
        self.init(value: value, logStandardError: halfWidth / t)
    }
}
