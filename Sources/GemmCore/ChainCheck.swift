import CheckKernels

/// The product check's one sweep, for a chain Y = F₀·F₁·…·F_{q−1} (a product is
/// the chain A·B) evaluated along the plan tree `nodes`. See `Verification` for
/// what it computes and why; this type is the arithmetic.
///
/// Everything moves right to left through the factors, each factor read once:
/// - the reference x = F₀·(F₁·(…(F_{q−1}·t))) for one Rademacher vector t;
/// - variance vectors: how large the rounding errors are that reach each row of
///   Y·t. A product node (lo, mid, hi) rounds each entry of its result L·R with
///   variance ≤ u²·k·(Σ_l |L_al||R_lb|)² ≤ u²·k²·Σ_l L_al²·R_lb² (k = dims[mid]);
///   applied to s = F_hi·…·t and carried to Y by P = F₀·…·F_{lo−1}, that is
///   (P∘P)·u²k²·(L∘L)·(R∘R)·(s∘s), ∘ the element-wise product. Through one
///   factor F, (F∘F)·v is exact; through a product of several it is estimated
///   as the mean of (M·(g∘√v))² over `samples` random g (E[g²] = 1), since
///   (M∘M)·v is unknown without forming M. The check's own dot products add
///   u²·Σ(partial sums)² each, counted as they run (`RowPass.rounding`).
struct ChainCheck<Operand: CheckedOperand, Reduction: CheckReduction> {
    let factors: [Operand]
    let result: Operand
    let nodes: [ProductNode]
    let reduction: Reduction

    /// Random vectors per estimated variance: the estimate of one row's variance
    /// is then a χ²₈/8 multiple of the truth (below a tenth of it with probability
    /// about 1e-4, while the threshold leaves a factor of 16² in variance).
    static var samples: Int { 8 }
    static var unitRoundoff: Double { 0x1p-53 }

    /// Part of one node's rounding on its way to Y: its right half, then its left.
    struct Segment {
        let node: ProductNode
        let isRight: Bool
        /// Where the segment ends (mid for the right half, lo for the left).
        let end: Int
        /// (F∘F)-pushed variance when the segment is one factor…
        var exact: [Double]?
        /// …else the sample vectors M·(g∘√v).
        var samples: [[Double]]
    }

    var dims: [Int] { [factors[0].rows] + factors.map(\.cols) }

    /// What the sweep carries from one position p to the next (p = q down to 0):
    /// at p, every vector below has length dims[p] unless it says otherwise.
    struct Sweep {
        /// The ±1 vector t the check pushes through the chain and through Y.
        let probe: [Double]
        /// The reference F_p·…·F_{q−1}·t.
        var x: [Double]
        /// Variance entering at p that travels unsegmented to Y.
        var injected: [Double]
        /// Injected variance on its way to Y as sample vectors, once there is some.
        var toOutput: [[Double]] = []
        /// Variance injected at 1, pushed exactly through F₀ (length dims[0]).
        var toOutputExact: [Double]? = nil
        /// `toOutputExact` after F₀: arrived at Y (length dims[0]).
        var arrivedExact: [Double]
        var segments: [Segment] = []
        var random: SeededRandom
    }

    func run(seed: UInt64) throws(Reduction.Failure) -> Verification.Outcome {
        let dims = self.dims, q = factors.count
        var random = SeededRandom(seed: seed)
        let t = (0..<dims[q]).map { _ in random.next() & 1 == 0 ? 1.0 : -1.0 }
        var sweep = Sweep(probe: t, x: t, injected: [Double](repeating: 0, count: dims[q]),
                          arrivedExact: [Double](repeating: 0, count: dims[0]), random: random)
        for p in stride(from: q, through: 0, by: -1) {
            endSegments(at: p, dims: dims, in: &sweep)
            startRightHalves(at: p, dims: dims, in: &sweep)
            if p == 0 { break }
            sendInjectedTowardOutput(at: p, dims: dims, in: &sweep)
            try passOverFactor(p - 1, dims: dims, in: &sweep)
        }
        return try outcome(of: sweep, dims: dims)
    }

    /// Halves that end at p: a right half continues as its node's left half;
    /// a left half joins the stream to Y (via P = F₀…F_{lo−1}).
    func endSegments(at p: Int, dims: [Int], in sweep: inout Sweep) {
        var running: [Segment] = []
        for segment in sweep.segments {
            guard segment.end == p else { running.append(segment); continue }
            let variance = segment.exact ?? meanOfSquares(segment.samples, count: dims[p])
            if segment.isRight && segment.node.lo > 0 {
                running.append(start(node: segment.node, isRight: false, from: variance, random: &sweep.random))
            } else {
                // A left half from factor 0 is the stream to Y already: F₀…F_{mid−1} unbroken.
                add(variance, into: &sweep.injected)
            }
        }
        sweep.segments = running
    }

    /// Products whose right factors end at p round here, with s = x (see the
    /// type's comment); their rounding starts as each node's right half.
    func startRightHalves(at p: Int, dims: [Int], in sweep: inout Sweep) {
        let u2 = Self.unitRoundoff * Self.unitRoundoff
        for node in nodes where node.hi == p {
            let k = Double(dims[node.mid])
            let variance = sweep.x.map { u2 * k * k * $0 * $0 }
            let segment = start(node: node, isRight: true, from: variance, random: &sweep.random)
            sweep.segments.append(segment)
        }
    }

    /// Variance injected at p leaves for Y: exactly when only F₀ is left, else as
    /// samples added to the stream (started the first time there is any).
    func sendInjectedTowardOutput(at p: Int, dims: [Int], in sweep: inout Sweep) {
        if p == 1 {
            sweep.toOutputExact = sweep.injected
        } else if sweep.injected.contains(where: { $0 != 0 }) {
            if sweep.toOutput.isEmpty {
                sweep.toOutput = Array(repeating: [Double](repeating: 0, count: dims[p]), count: Self.samples)
            }
            for i in 0..<Self.samples {
                for a in 0..<dims[p] {
                    let weight = sampleWeight(&sweep.random)
                    sweep.toOutput[i][a] += weight * sweep.injected[a].squareRoot()
                }
            }
        }
    }

    /// One pass over F_{f}: the reference, every sample vector, every exact variance;
    /// the pass's own rounding becomes the variance injected at f.
    func passOverFactor(_ f: Int, dims: [Int], in sweep: inout Sweep) throws(Reduction.Failure) {
        let plain = [sweep.x] + sweep.toOutput + sweep.segments.flatMap(\.samples)
        let exactSegments = sweep.segments.indices.filter { sweep.segments[$0].exact != nil }
        let squared = exactSegments.map { sweep.segments[$0].exact! } + (sweep.toOutputExact.map { [$0] } ?? [])
        var pass = RowPass(plainCount: plain.count, squaredCount: squared.count,
                           inputLength: dims[f + 1], outputLength: dims[f])
        pass.plainInputs = plain.flatMap { $0 }
        pass.squaredInputs = squared.flatMap { $0 }
        try pass.run(factors[f], reducing: reduction)

        let n = dims[f]
        func plainOutput(_ v: Int) -> [Double] { Array(pass.plainOutputs[(v * n)..<((v + 1) * n)]) }
        func squaredOutput(_ w: Int) -> [Double] { Array(pass.squaredOutputs[(w * n)..<((w + 1) * n)]) }
        sweep.x = plainOutput(0)
        sweep.toOutput = sweep.toOutput.indices.map { plainOutput(1 + $0) }
        var next = 1 + sweep.toOutput.count
        for index in sweep.segments.indices where sweep.segments[index].exact == nil {
            sweep.segments[index].samples = sweep.segments[index].samples.indices.map { plainOutput(next + $0) }
            next += Self.samples
        }
        for (w, index) in exactSegments.enumerated() { sweep.segments[index].exact = squaredOutput(w) }
        if sweep.toOutputExact != nil { sweep.arrivedExact = squaredOutput(exactSegments.count) }
        let u2 = Self.unitRoundoff * Self.unitRoundoff
        sweep.injected = pass.rounding.map { u2 * $0 }
    }

    /// Y·t, with the rounding of that product too, judged against the reference
    /// and every variance that arrived at Y.
    func outcome(of sweep: Sweep, dims: [Int]) throws(Reduction.Failure) -> Verification.Outcome {
        let u2 = Self.unitRoundoff * Self.unitRoundoff
        var direct = RowPass(plainCount: 1, squaredCount: 0, inputLength: dims[factors.count], outputLength: dims[0])
        direct.plainInputs = sweep.probe
        direct.findsLargest = true
        try direct.run(result, reducing: reduction)

        var variance = sweep.injected
        add(sweep.arrivedExact, into: &variance)
        if !sweep.toOutput.isEmpty { add(meanOfSquares(sweep.toOutput, count: dims[0]), into: &variance) }
        for i in variance.indices { variance[i] += u2 * direct.rounding[i] }
        let differences = (0..<dims[0]).map { direct.plainOutputs[$0] - sweep.x[$0] }
        return Verification.Outcome(differences: differences, variances: variance,
                                    largestEntry: direct.largestMagnitude,
                                    underflowScale: Double(dims.reduce(0, +) + nodes.map { dims[$0.mid] }.reduce(0, +)))
    }

    /// A half of `node` (its factors mid..<hi, or lo..<mid) fed with `variance`.
    func start(node: ProductNode, isRight: Bool, from variance: [Double],
               random: inout SeededRandom) -> Segment {
        let (lo, hi) = isRight ? (node.mid, node.hi) : (node.lo, node.mid)
        if hi - lo == 1 {
            return Segment(node: node, isRight: isRight, end: lo, exact: variance, samples: [])
        }
        let deviations = variance.map { $0.squareRoot() }
        let samples = (0..<Self.samples).map { _ in deviations.map { $0 * sampleWeight(&random) } }
        return Segment(node: node, isRight: isRight, end: lo, exact: nil, samples: samples)
    }
}

/// A random weight with mean 0 and variance 1 whose square is rarely near 0: the
/// sum of three uniforms on [-1, 1) (each of variance 1/3).
private func sampleWeight(_ random: inout SeededRandom) -> Double {
    random.nextSigned() + random.nextSigned() + random.nextSigned()
}

private func meanOfSquares(_ vectors: [[Double]], count: Int) -> [Double] {
    var mean = [Double](repeating: 0, count: count)
    for vector in vectors { for i in 0..<count { mean[i] += vector[i] * vector[i] } }
    let scale = 1 / Double(max(vectors.count, 1))
    return mean.map { $0 * scale }
}

private func add(_ values: [Double], into total: inout [Double]) {
    for i in total.indices { total[i] += values[i] }
}
