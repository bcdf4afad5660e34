import GemmCore

/// `Verification.checkProduct` for matrices no rank holds whole.
///
/// The same check, formula and threshold:
///
///     r = ‖C·t − A·(B·t)‖∞ / (ε · max(k, 1) · ‖A‖∞ · ‖B‖∞ · ‖t‖∞),  PASS when r < 16
///
/// with t the same seeded vector, replicated on every rank. Each rank adds its
/// blocks' contributions into full-length vectors (C·t and B·t: m and k
/// entries; the absolute row sums of A and B for the norms), one
/// `MPI_Allreduce` sums them, then A·(B·t) takes a second. O(m + k) memory per
/// rank and O(local elements) work; every rank ends with the same outcome.
public enum DistributedVerification {
    /// The verdict, judged exactly as `Verification.Outcome` judges it (whose
    /// initializer GemmCore keeps internal).
    public struct Outcome: Sendable, Equatable {
        /// The scaled residual r above.
        public let residual: Double
        public var passed: Bool { residual.isFinite && residual < Verification.threshold }
        public var verdict: String { passed ? "PASS" : "FAIL" }
    }

    /// The seed `Verification.checkProduct` uses by default.
    public static let vectorSeed: UInt64 = 0x5EED

    /// - Parameters: a, b, c: this rank's blocks; across all ranks they cover
    ///   each matrix exactly once.
    public static func checkProduct(a: [DistributedBlock], b: [DistributedBlock], c: [DistributedBlock],
                                    m: Int, k: Int, n: Int, on communicator: Communicator,
                                    seed: UInt64 = vectorSeed) throws(MPIError) -> Outcome {
        let t = vector(count: n, seed: seed)
        var first = firstSums(a: a, b: b, c: c, m: m, k: k, t: t)
        try communicator.allReduce(&first, .sum)
        var second = secondSums(a: a, m: m, k: k, reducedFirst: first)
        try communicator.allReduce(&second, .sum)
        return outcome(reducedFirst: first, reducedSecond: second, m: m, k: k, t: t)
    }

    /// t: `count` entries in [-1, 1) from `seed`, as `Verification` draws it.
    static func vector(count: Int, seed: UInt64) -> [Double] {
        var generator = SeededRandom(seed: seed)
        return (0..<count).map { _ in generator.nextSigned() }
    }

    /// This rank's part of everything that needs only t, in one vector for one
    /// reduction: [C·t (m) | B·t (k) | row sums of |A| (m) | row sums of |B| (k)].
    static func firstSums(a: [DistributedBlock], b: [DistributedBlock], c: [DistributedBlock],
                          m: Int, k: Int, t: [Double]) -> [Double] {
        var sums = [Double](repeating: 0, count: m + k + m + k)
        sums.withUnsafeMutableBufferPointer { sums in
            for block in c { multiplyAdd(block, t, into: sums.baseAddress!) }
            for block in b { multiplyAdd(block, t, into: sums.baseAddress! + m) }
            for block in a { addAbsoluteRowSums(block, into: sums.baseAddress! + m + k) }
            for block in b { addAbsoluteRowSums(block, into: sums.baseAddress! + 2 * m + k) }
        }
        return sums
    }

    /// This rank's part of A·(B·t), from the reduced first sums.
    static func secondSums(a: [DistributedBlock], m: Int, k: Int, reducedFirst: [Double]) -> [Double] {
        let bt = Array(reducedFirst[m..<(m + k)])
        var sums = [Double](repeating: 0, count: m)
        sums.withUnsafeMutableBufferPointer { sums in
            for block in a { multiplyAdd(block, bt, into: sums.baseAddress!) }
        }
        return sums
    }

    /// The scaled residual from both reduced vectors (the same on every rank).
    static func outcome(reducedFirst first: [Double], reducedSecond abt: [Double], m: Int, k: Int,
                        t: [Double]) -> Outcome {
        let ct = first[0..<m]
        let normA = norm(of: first[(m + k)..<(2 * m + k)])
        let normB = norm(of: first[(2 * m + k)...])
        var difference = 0.0
        for (direct, pushed) in zip(ct, abt) {
            let d = abs(direct - pushed)
            if !d.isFinite { return Outcome(residual: .infinity) }
            difference = max(difference, d)
        }
        if difference == 0 { return Outcome(residual: 0) }
        let normT = t.reduce(0) { max($0, abs($1)) }
        let scale = Double.ulpOfOne * Double(max(k, 1)) * max(normT, .leastNormalMagnitude)
            * max(normA, .leastNormalMagnitude) * max(normB, .leastNormalMagnitude)
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

    /// Largest entry of the reduced row sums; infinity when any is not finite.
    static func norm(of rowSums: ArraySlice<Double>) -> Double {
        var norm = 0.0
        for sum in rowSums {
            if !sum.isFinite { return .infinity }
            norm = max(norm, sum)
        }
        return norm
    }
}
