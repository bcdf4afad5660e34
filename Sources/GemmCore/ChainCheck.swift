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

    func run(seed: UInt64) throws(Reduction.Failure) -> Verification.Outcome {
        let dims = self.dims, q = factors.count
        var random = SeededRandom(seed: seed)
        let u2 = Self.unitRoundoff * Self.unitRoundoff
        let t = (0..<dims[q]).map { _ in random.next() & 1 == 0 ? 1.0 : -1.0 }

        var x = t
        // Variance entering at position p that travels unsegmented to Y.
        var injected = [Double](repeating: 0, count: dims[q])
        var toOutput: [[Double]] = []
        var toOutputExact: [Double]? = nil
        var arrivedExact = [Double](repeating: 0, count: dims[0])
        var segments: [Segment] = []

        for p in stride(from: q, through: 0, by: -1) {
            // Halves that end here: a right half continues as its node's left half;
            // a left half joins the stream to Y (via P = F₀…F_{lo−1}).
            var running: [Segment] = []
            for segment in segments {
                guard segment.end == p else { running.append(segment); continue }
                let variance = segment.exact ?? meanOfSquares(segment.samples, count: dims[p])
                if segment.isRight && segment.node.lo > 0 {
                    running.append(start(node: segment.node, isRight: false, from: variance, random: &random))
                } else {
                    // A left half from factor 0 is the stream to Y already: F₀…F_{mid−1} unbroken.
                    add(variance, into: &injected)
                }
            }
            segments = running
            for node in nodes where node.hi == p {
                let k = Double(dims[node.mid])
                let variance = x.map { u2 * k * k * $0 * $0 }
                segments.append(start(node: node, isRight: true, from: variance, random: &random))
            }

            if p == 0 { break }
            if p == 1 {
                toOutputExact = injected
            } else if injected.contains(where: { $0 != 0 }) {
                if toOutput.isEmpty { toOutput = Array(repeating: [Double](repeating: 0, count: dims[p]), count: Self.samples) }
                for i in 0..<Self.samples {
                    for a in 0..<dims[p] { toOutput[i][a] += sampleWeight(&random) * injected[a].squareRoot() }
                }
            }

            // One pass over F_{p−1}: the reference, every sample vector, every exact variance.
            let plain = [x] + toOutput + segments.flatMap(\.samples)
            let exactSegments = segments.indices.filter { segments[$0].exact != nil }
            let squared = exactSegments.map { segments[$0].exact! } + (toOutputExact.map { [$0] } ?? [])
            var pass = RowPass(plainCount: plain.count, squaredCount: squared.count,
                               inputLength: dims[p], outputLength: dims[p - 1])
            pass.plainInputs = plain.flatMap { $0 }
            pass.squaredInputs = squared.flatMap { $0 }
            try pass.run(factors[p - 1], reducing: reduction)

            let n = dims[p - 1]
            func plainOutput(_ v: Int) -> [Double] { Array(pass.plainOutputs[(v * n)..<((v + 1) * n)]) }
            func squaredOutput(_ w: Int) -> [Double] { Array(pass.squaredOutputs[(w * n)..<((w + 1) * n)]) }
            x = plainOutput(0)
            toOutput = toOutput.indices.map { plainOutput(1 + $0) }
            var next = 1 + toOutput.count
            for index in segments.indices where segments[index].exact == nil {
                segments[index].samples = segments[index].samples.indices.map { plainOutput(next + $0) }
                next += Self.samples
            }
            for (w, index) in exactSegments.enumerated() { segments[index].exact = squaredOutput(w) }
            if toOutputExact != nil { arrivedExact = squaredOutput(exactSegments.count) }
            injected = pass.rounding.map { u2 * $0 }
        }

        // Y·t, with the rounding of that product too.
        var direct = RowPass(plainCount: 1, squaredCount: 0, inputLength: dims[q], outputLength: dims[0])
        direct.plainInputs = t
        direct.findsLargest = true
        try direct.run(result, reducing: reduction)

        var variance = injected
        add(arrivedExact, into: &variance)
        if !toOutput.isEmpty { add(meanOfSquares(toOutput, count: dims[0]), into: &variance) }
        for i in variance.indices { variance[i] += u2 * direct.rounding[i] }
        let differences = (0..<dims[0]).map { direct.plainOutputs[$0] - x[$0] }
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
