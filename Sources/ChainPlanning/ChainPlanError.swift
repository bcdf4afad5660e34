/// Why a plan or a cost model could not be made. Each case prints one line naming
/// what is wrong.
public enum ChainPlanError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A chain needs d0, d1, d2 at least (two factors).
    case tooFewDims(count: Int)
    /// At most `maximumChainFactors` factors.
    case tooManyFactors(count: Int)
    /// Every dim must be ≥ 1.
    case nonPositiveDim(index: Int, value: Int)
    /// `--workers` must be ≥ 0 (0 = single process).
    case negativeWorkers(Int)
    /// `CostModel(samples:)` was given nothing to fit.
    case noCalibrationSamples
    /// A calibration sample has a dim ≤ 0 or a time that is not finite and > 0.
    case invalidCalibrationSample(index: Int, reason: String)
    /// An explicit cost-model parameter is out of range.
    case invalidCostModel(reason: String)

    public var description: String {
        switch self {
        case .tooFewDims(let count):
            return "chain dims: need at least 3 dims (2 factors), got \(count)"
        case .tooManyFactors(let count):
            return "chain dims: \(count) factors, at most \(maximumChainFactors) are supported"
        case .nonPositiveDim(let index, let value):
            return "chain dims: dim \(index) is \(value), every dim must be at least 1"
        case .negativeWorkers(let workers):
            return "workers: \(workers) is negative, use 0 for a single process"
        case .noCalibrationSamples:
            return "cost model: no calibration samples to fit"
        case .invalidCalibrationSample(let index, let reason):
            return "cost model: calibration sample \(index) \(reason)"
        case .invalidCostModel(let reason):
            return "cost model: \(reason)"
        }
    }
}
