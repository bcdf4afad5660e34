import Vocabulary

/// When a row's figures are too uncertain to trust (`noisy = yes`):
///
/// - its 95 % CI of the median is wide: (ci_hi_s − ci_lo_s) / 2 > `ciFraction` × median_s; or
/// - it is a gemm row whose efficiency exceeds `efficiencyLimit`: a product
///   split P ways cannot run more than P times faster, so a higher reading
///   means the reference (the denominator) was measured in a slow burst.
///
/// A row with no CI (fewer than 6 samples) and no implausible efficiency is
/// unjudged (nil) in a single run; a sweep always collects enough samples.
public struct NoiseRule: Equatable, Sendable {
    /// The suite key `noisy_ci`: the largest CI half-width trusted, as a fraction of the median.
    public var ciFraction: Double
    public var efficiencyLimit: Double

    public static let defaultCIFraction = 0.05
    /// 10 % above perfect scaling: cache effects can give a few percent, not more.
    public static let defaultEfficiencyLimit = 1.10

    public init(ciFraction: Double = defaultCIFraction, efficiencyLimit: Double = defaultEfficiencyLimit) {
        self.ciFraction = ciFraction
        self.efficiencyLimit = efficiencyLimit
    }

    public func isNoisy(_ row: ResultRow) -> Bool? {
        if row.op == .gemm, let efficiency = row.efficiency, efficiency > efficiencyLimit { return true }
        guard let low = row.ciLowSeconds, let high = row.ciHighSeconds, row.medianSeconds > 0 else { return nil }
        return (high - low) / 2 > ciFraction * row.medianSeconds
    }
}
