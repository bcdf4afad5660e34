/// Where the cost model a chain was planned with came from; the chain report says it
/// next to the estimated time.
public enum CostModelSource: Equatable, Sendable {
    /// `CostModel.nominal`, for planners that order products by shape alone (the model
    /// only estimates their time).
    case nominal
    /// Fitted to `CostModel.calibrationShapes` timed in this run (the `parallel` planner).
    case calibrated
    /// The `parallel` planner wanted a calibrated model, but the fit refused the
    /// measurements, so the nominal model planned the chain; `reason` is the fit's error.
    case nominalAfterFailedCalibration(reason: String)

    /// What the report appends to the estimated time: nothing for `.nominal`,
    /// " (calibrated)", or " (nominal cost model: calibration failed: REASON)".
    public var reportSuffix: String {
        switch self {
        case .nominal: return ""
        case .calibrated: return " (calibrated)"
        case .nominalAfterFailedCalibration(let reason): return " (nominal cost model: calibration failed: \(reason))"
        }
    }
}
