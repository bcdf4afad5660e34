import GemmCore
import Vocabulary

/// `Verification.checkProduct` / `checkChain` for matrices no rank holds whole.
///
/// The same check, formula and threshold: for Y = F₀·F₁·…·F_{q−1} (a product
/// is the chain A·B) and the same seeded t, replicated on every rank,
///
///     r = ‖Y·t − F₀·(F₁·(…(F_{q−1}·t)))‖∞ / (ε · max(Σ inner dims, 1) · Π‖Fᵢ‖∞ · ‖t‖∞),
///
/// PASS when r < 16 (`Verification.threshold`). Each rank adds its blocks'
/// contributions into full-length vectors and `MPI_Allreduce` sums them: one
/// reduction for Y·t and every factor's absolute row sums, then one per factor
/// while t is pushed through right to left. O(Σ dims) memory per rank, work in
/// proportion to the elements it holds; every rank ends with the same outcome.
public enum DistributedVerification {
    /// The seed `Verification` uses by default.
    public static let vectorSeed: UInt64 = 0x5EED

    /// The verdict, judged exactly as `Verification.Outcome` judges it (whose
    /// initializer GemmCore keeps internal).
    public struct Outcome: Sendable, Equatable {
        /// The scaled residual r above.
        public let residual: Double
        public var passed: Bool { residual.isFinite && residual < Verification.threshold }
        public var verdict: Verdict { Verdict(passed: passed) }
    }

    /// C = A·B, with this rank's blocks of each (over all ranks they cover each matrix once).
    public static func checkProduct(a: [DistributedBlock], b: [DistributedBlock], c: [DistributedBlock],
                                    m: Int, k: Int, n: Int, on communicator: Communicator,
                                    seed: UInt64 = vectorSeed) throws(MPIError) -> Outcome {
        try checkChain(factors: [a, b], result: c, dims: [m, k, n], on: communicator, seed: seed)
    }

    /// Y = F₀·…·F_{q−1}, factor i being dims[i]×dims[i+1]; `factors[i]` and
    /// `result` are this rank's blocks.
    public static func checkChain(factors: [[DistributedBlock]], result: [DistributedBlock], dims: [Int],
                                  on communicator: Communicator, seed: UInt64 = vectorSeed) throws(MPIError) -> Outcome {
        precondition(dims.count == factors.count + 1 && factors.count >= 1, "dims do not match the factors")
        let t = vector(count: dims.last!, seed: seed)
        var reduced = directAndNorms(factors: factors, result: result, dims: dims, t: t)
        try communicator.allReduce(&reduced, .sum)
        var pushed = t
        for index in factors.indices.reversed() {
            var next = rowProducts(factors[index], pushed, rows: dims[index])
            try communicator.allReduce(&next, .sum)
            pushed = next
        }
        return outcome(reduced: reduced, pushed: pushed, dims: dims, t: t)
    }

    /// t: `count` entries in [-1, 1) from `seed`, as `Verification` draws it.
    static func vector(count: Int, seed: UInt64) -> [Double] {
        var generator = SeededRandom(seed: seed)
        return (0..<count).map { _ in generator.nextSigned() }
    }

    /// This rank's part of what needs only t, for one reduction:
    /// [Y·t (dims[0]) | row sums of |F₀| (dims[0]) | … | row sums of |F_{q−1}| (dims[q−1])].
    static func directAndNorms(factors: [[DistributedBlock]], result: [DistributedBlock], dims: [Int],
                               t: [Double]) -> [Double] {
        var sums = [Double](repeating: 0, count: dims[0] + dims.dropLast().reduce(0, +))
        sums.withUnsafeMutableBufferPointer { sums in
            for block in result { multiplyAdd(block, t, into: sums.baseAddress!) }
            var offset = dims[0]
            for (index, blocks) in factors.enumerated() {
                for block in blocks { addAbsoluteRowSums(block, into: sums.baseAddress! + offset) }
                offset += dims[index]
            }
        }
        return sums
    }

    /// This rank's part of F·x (`rows` entries) for a replicated x.
    static func rowProducts(_ blocks: [DistributedBlock], _ x: [Double], rows: Int) -> [Double] {
        var sums = [Double](repeating: 0, count: rows)
        sums.withUnsafeMutableBufferPointer { sums in
            for block in blocks { multiplyAdd(block, x, into: sums.baseAddress!) }
        }
        return sums
    }

    /// The scaled residual from the reduced vectors (the same on every rank).
    static func outcome(reduced: [Double], pushed: [Double], dims: [Int], t: [Double]) -> Outcome {
        let direct = reduced[0..<dims[0]]
        var difference = 0.0
        for (y, p) in zip(direct, pushed) {
            let d = abs(y - p)
            if !d.isFinite { return Outcome(residual: .infinity) }
            difference = max(difference, d)
        }
        if difference == 0 { return Outcome(residual: 0) }
        let inner = dims.dropFirst().dropLast().reduce(0, +)
        var scale = Double.ulpOfOne * Double(max(inner, 1)) * max(t.reduce(0) { max($0, abs($1)) }, .leastNormalMagnitude)
        var offset = dims[0]
        for rows in dims.dropLast() {
            scale *= max(norm(of: reduced[offset..<(offset + rows)]), .leastNormalMagnitude)
            offset += rows
        }
        return Outcome(residual: difference / scale)
    }

    /// y[rowStart + i] += Σ_j block[i, j] · x[colStart + j].
    static func multiplyAdd(_ block: DistributedBlock, _ x: [Double], into y: UnsafeMutablePointer<Double>) {
        x.withUnsafeBufferPointer { xs in
            for i in 0..<block.rows {
                var sum = 0.0
                for j in 0..<block.cols { sum += block[i, j] * xs[block.colStart + j] }
                y[block.rowStart + i] += sum
            }
        }
    }

    /// y[rowStart + i] += Σ_j |block[i, j]|.
    static func addAbsoluteRowSums(_ block: DistributedBlock, into y: UnsafeMutablePointer<Double>) {
        for i in 0..<block.rows {
            var sum = 0.0
            for j in 0..<block.cols { sum += abs(block[i, j]) }
            y[block.rowStart + i] += sum
        }
    }

    /// Largest entry of reduced row sums; infinity when any is not finite.
    static func norm(of rowSums: ArraySlice<Double>) -> Double {
        var norm = 0.0
        for sum in rowSums {
            if !sum.isFinite { return .infinity }
            norm = max(norm, sum)
        }
        return norm
    }
}
