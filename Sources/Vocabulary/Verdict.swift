/// Whether a run's result passed verification (`Verification` in GemmCore):
/// the `verdict` CSV column and the word printed beside the residual.
public enum Verdict: String, CaseIterable, Sendable {
    /// Scaled residual at or below the threshold.
    case pass = "PASS"
    /// Scaled residual above the threshold, or NaN.
    case fail = "FAIL"

    public init(passed: Bool) { self = passed ? .pass : .fail }

    public var passed: Bool { self == .pass }
}
