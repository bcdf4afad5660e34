import NumberFormatting

#if canImport(Glibc)
import Glibc  // log2
#elseif canImport(Darwin)
import Darwin
#endif

/// Estimated time of one product task on one worker (one BLAS thread).
///
/// For a task computing an m×n block with inner dimension k:
///
///     seconds(m, k, n)        = dispatchOverheadSeconds + computeSeconds(m, k, n)
///     computeSeconds(m, k, n) = 2·m·k·n / (peakFlopsPerSecond · eff(min(m, k, n)))
///
/// `eff(s)` is piecewise linear in log2(s) through `efficiencyCurve`, constant
/// (the end point's value) outside the curve's range, and never below
/// `minimumEfficiency` (1e-3). BLAS efficiency collapses when any one dimension is
/// small (a 4000×64×4000 product streams the whole output for little arithmetic),
/// which is why the smallest dimension is the curve's argument.
///
/// The overhead is charged once per task (per tile of a split product), and only
/// when there are worker processes: with `workers == 0` the planners use
/// `computeSeconds`, since the product runs in the calling process.
public struct CostModel: Sendable, Equatable, CustomStringConvertible {
    /// One point of the efficiency curve: the fraction of peak achieved when the
    /// smallest of m, k, n is `minDim`.
    public struct EfficiencyPoint: Sendable, Equatable {
        public let minDim: Int
        public let efficiency: Double
        public init(minDim: Int, efficiency: Double) {
            self.minDim = minDim
            self.efficiency = efficiency
        }
    }

    /// Flop rate of a large square product on one worker (efficiency 1).
    public let peakFlopsPerSecond: Double
    /// Sorted by strictly increasing `minDim`; efficiencies in (0, 1].
    public let efficiencyCurve: [EfficiencyPoint]
    /// Round trip to hand one task to a worker and hear back, in seconds.
    public let dispatchOverheadSeconds: Double

    /// Floor on `eff(s)`, so no shape is estimated as infinitely slow.
    public static let minimumEfficiency = 1e-3

    /// Validates and stores the parameters. `efficiencyCurve` is sorted here;
    /// it must be non-empty with distinct `minDim ≥ 1` and efficiencies in (0, 1].
    public init(
        peakFlopsPerSecond: Double,
        efficiencyCurve: [EfficiencyPoint],
        dispatchOverheadSeconds: Double
    ) throws(ChainPlanError) {
        guard peakFlopsPerSecond.isFinite, peakFlopsPerSecond > 0 else {
            throw .invalidCostModel(reason: "peak flop rate \(peakFlopsPerSecond) must be finite and > 0")
        }
        guard dispatchOverheadSeconds.isFinite, dispatchOverheadSeconds >= 0 else {
            throw .invalidCostModel(reason: "dispatch overhead \(dispatchOverheadSeconds) s must be finite and ≥ 0")
        }
        guard !efficiencyCurve.isEmpty else {
            throw .invalidCostModel(reason: "efficiency curve is empty")
        }
        let sorted = efficiencyCurve.sorted { $0.minDim < $1.minDim }
        for (index, point) in sorted.enumerated() {
            guard point.minDim >= 1 else {
                throw .invalidCostModel(reason: "efficiency point at min dim \(point.minDim) must have min dim ≥ 1")
            }
            guard point.efficiency.isFinite, point.efficiency > 0, point.efficiency <= 1 else {
                throw .invalidCostModel(reason: "efficiency \(point.efficiency) at min dim \(point.minDim) must be in (0, 1]")
            }
            if index > 0, sorted[index - 1].minDim == point.minDim {
                throw .invalidCostModel(reason: "efficiency curve has min dim \(point.minDim) twice")
            }
        }
        self.peakFlopsPerSecond = peakFlopsPerSecond
        self.efficiencyCurve = sorted
        self.dispatchOverheadSeconds = dispatchOverheadSeconds
    }

    /// For `gemmbench plan` without measuring: 40 GFLOP/s peak (OpenBLAS dgemm on
    /// one AVX2+FMA core of the 2-core machine class), 5 µs dispatch overhead
    /// (the shared-memory mailbox round trip measured 1.4–2.5 µs with pinned
    /// workers on 2 cores and up to 9 µs unpinned; 5 µs covers the common case
    /// without letting the planner split products into slivers), and this efficiency curve:
    ///
    ///     min dim     1     4     16    64    128   256   512+
    ///     eff       0.02  0.08  0.25  0.55  0.75  0.90  1.00
    public static let nominal: CostModel = {
        let curve: [(Int, Double)] = [
            (1, 0.02), (4, 0.08), (16, 0.25), (64, 0.55), (128, 0.75), (256, 0.90), (512, 1.0),
        ]
        // The literal above satisfies every check in init; a failure is a typo here.
        guard let model = try? CostModel(
            peakFlopsPerSecond: 40e9,
            efficiencyCurve: curve.map { EfficiencyPoint(minDim: $0.0, efficiency: $0.1) },
            dispatchOverheadSeconds: 5e-6)
        else { preconditionFailure("CostModel.nominal literal is invalid") }
        return model
    }()

    /// `eff(s)`: see the type's doc comment.
    public func efficiency(minDim: Int) -> Double {
        let s = Double(max(minDim, 1))
        let curve = efficiencyCurve
        let value: Double
        if s <= Double(curve[0].minDim) {
            value = curve[0].efficiency
        } else if s >= Double(curve[curve.count - 1].minDim) {
            value = curve[curve.count - 1].efficiency
        } else {
            let upper = curve.firstIndex { Double($0.minDim) >= s }!  // exists: s < last minDim
            let a = curve[upper - 1], b = curve[upper]
            let t = (log2(s) - log2(Double(a.minDim))) / (log2(Double(b.minDim)) - log2(Double(a.minDim)))
            value = a.efficiency + t * (b.efficiency - a.efficiency)
        }
        return max(value, Self.minimumEfficiency)
    }

    /// Time of the arithmetic alone: 2·m·k·n / (peak · eff(min(m, k, n))).
    public func computeSeconds(m: Int, k: Int, n: Int) -> Double {
        let flops = 2 * Double(m) * Double(k) * Double(n)
        return flops / (peakFlopsPerSecond * efficiency(minDim: min(m, k, n)))
    }

    /// Time of one task on a worker: overhead + computeSeconds(m, k, n).
    public func seconds(m: Int, k: Int, n: Int) -> Double {
        dispatchOverheadSeconds + computeSeconds(m: m, k: k, n: n)
    }

    public var description: String {
        let points = efficiencyCurve
            .map { "\($0.minDim):\(formatFixed($0.efficiency, decimals: 2))" }
            .joined(separator: " ")
        return "peak \(formatFixed(peakFlopsPerSecond / 1e9, decimals: 1)) GFLOP/s, "
            + "overhead \(formatFixed(dispatchOverheadSeconds * 1e6, decimals: 1)) µs/task, "
            + "efficiency by min dim [\(points)]"
    }
}
