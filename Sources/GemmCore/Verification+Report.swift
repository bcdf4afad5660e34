import NumberFormatting

extension Verification.Outcome {
    /// The report's verification lines: the residual beside its threshold, what
    /// the check could have seen (its detection limit), the verdict and the BLAS
    /// core; then what the check cost beside one product (`productSeconds`, its median).
    public func reportLines(blasCore: String, productSeconds: Double) -> [String] {
        let detect = detectionLimit.isFinite ? formatScientific(detectionLimit, digits: 2) : "∞"
        var cost = "  check \(formatSignificant(seconds * 1e3, digits: 3)) ms"
        if productSeconds > 0 {
            cost += " = \(formatFixed(100 * seconds / productSeconds, decimals: 1))% of the product's median time"
        }
        return ["  residual \(residual) (threshold \(Int(Verification.threshold)))  detects ≥ \(detect)·max|Y| in one entry  \(verdict.rawValue)  blas core \(blasCore)",
                cost]
    }
}
