/// The shape of one product: an m×k block times a k×n block.
public struct ProductShape: Hashable, Sendable, CustomStringConvertible {
    public let m: Int
    public let k: Int
    public let n: Int
    public init(m: Int, k: Int, n: Int) {
        self.m = m
        self.k = k
        self.n = n
    }
    /// 2·m·k·n.
    public var flops: Double { 2 * Double(m) * Double(k) * Double(n) }
    public var description: String { "\(m)x\(k)x\(n)" }
}

/// One timed product on one worker with one BLAS thread: compute time only
/// (best of a few runs after a warm-up), without the dispatch round trip.
public struct CostSample: Sendable, Equatable {
    public let m: Int
    public let k: Int
    public let n: Int
    public let seconds: Double
    public init(m: Int, k: Int, n: Int, seconds: Double) {
        self.m = m
        self.k = k
        self.n = n
        self.seconds = seconds
    }
}

extension CostModel {
    /// What the executor should time before planning (on one worker, one thread).
    ///
    /// One shape per efficiency-curve point, each with one small dimension and
    /// large others, like the products of real chains (1024×64×1024 is `skinny`'s
    /// 4000×64×4000 scaled down; 64×1024×64 its 64×4000×64). Together they are
    /// 0.73 GFLOP, about 18 ms at 40 GFLOP/s; the skinny ones run slower, well
    /// under 50 ms in total on the target machines.
    public static let calibrationShapes: [ProductShape] = [
        ProductShape(m: 512, k: 4, n: 512),
        ProductShape(m: 1024, k: 8, n: 1024),
        ProductShape(m: 1024, k: 16, n: 1024),
        ProductShape(m: 1024, k: 32, n: 1024),
        ProductShape(m: 1024, k: 64, n: 1024),
        ProductShape(m: 64, k: 1024, n: 64),
        ProductShape(m: 512, k: 128, n: 512),
        ProductShape(m: 512, k: 256, n: 512),
        ProductShape(m: 512, k: 512, n: 512),
    ]

    /// Fits a model to measured samples (normally one per `calibrationShapes` entry).
    ///
    /// For each sample, rate = 2·m·k·n / seconds. Samples with the same
    /// s = min(m, k, n) are averaged (arithmetic mean of rates). The peak is the
    /// largest of those mean rates, and the curve point at s is meanRate(s) / peak,
    /// then made non-decreasing in s (running maximum from small s upwards), so a
    /// noisy sample can never make splitting a product into smaller tiles look
    /// faster per flop. `dispatchOverheadSeconds` is taken as given (the executor
    /// may measure its own round trip).
    ///
    /// Throws if `samples` is empty or a sample has a dim ≤ 0 or a time that is
    /// not finite and > 0.
    public init(
        samples: [CostSample],
        dispatchOverheadSeconds: Double = CostModel.nominal.dispatchOverheadSeconds
    ) throws(ChainPlanError) {
        guard !samples.isEmpty else { throw .noCalibrationSamples }
        var ratesByMinDim: [Int: [Double]] = [:]
        for (index, sample) in samples.enumerated() {
            guard sample.m > 0, sample.k > 0, sample.n > 0 else {
                throw .invalidCalibrationSample(
                    index: index, reason: "has shape \(sample.m)x\(sample.k)x\(sample.n), every dim must be ≥ 1")
            }
            guard sample.seconds.isFinite, sample.seconds > 0 else {
                throw .invalidCalibrationSample(
                    index: index, reason: "took \(sample.seconds) s, must be finite and > 0")
            }
            let rate = 2 * Double(sample.m) * Double(sample.k) * Double(sample.n) / sample.seconds
            ratesByMinDim[min(sample.m, sample.k, sample.n), default: []].append(rate)
        }
        let meanRates = ratesByMinDim
            .map { (minDim: $0.key, rate: $0.value.reduce(0, +) / Double($0.value.count)) }
            .sorted { $0.minDim < $1.minDim }
        let peak = meanRates.map(\.rate).max()!  // samples is non-empty
        var curve: [EfficiencyPoint] = []
        var runningMax = 0.0
        for point in meanRates {
            runningMax = max(runningMax, point.rate / peak)
            curve.append(EfficiencyPoint(minDim: point.minDim, efficiency: min(runningMax, 1)))
        }
        try self.init(
            peakFlopsPerSecond: peak, efficiencyCurve: curve,
            dispatchOverheadSeconds: dispatchOverheadSeconds)
    }
}
