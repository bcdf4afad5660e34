/// O(n²) checks of a computed product, after HPL and the BLIS test suite:
/// multiply by a random vector instead of recomputing the product.
public enum Verification {
    /// HPL's threshold for a scaled residual: below it the result is as right as
    /// floating point allows; far above it something is wrong.
    public static let threshold = 16.0

    public struct Outcome: Sendable, Equatable {
        /// The scaled residual (see `checkProduct` / `checkChain` for the formula).
        public let residual: Double
        public var passed: Bool { residual.isFinite && residual < Verification.threshold }
        public var verdict: Verdict { Verdict(passed: passed) }
    }

    /// Checks C = A·B with a random t (entries in [-1, 1) from `seed`):
    ///
    ///     r = ‖C·t − A·(B·t)‖∞ / (ε · max(k, 1) · ‖A‖∞ · ‖B‖∞ · ‖t‖∞)
    ///
    /// where ‖·‖∞ of a matrix is its largest absolute row sum and ε = 2⁻⁵².
    /// PASS when r < 16. A NaN or infinity anywhere gives r = ∞.
    public static func checkProduct(a: MatrixView, b: MatrixView, c: MatrixView, seed: UInt64 = 0x5EED) -> Outcome {
        checkChain(factors: [a, b], result: c, seed: seed)
    }

    /// Checks Y = F₀·F₁·…·F_{q−1} by pushing t through the factors right to left:
    ///
    ///     r = ‖Y·t − F₀·(F₁·(…(F_{q−1}·t)))‖∞ / (ε · max(Σ inner dims, 1) · Π‖Fᵢ‖∞ · ‖t‖∞)
    ///
    /// The sum of inner dimensions bounds how many roundings each entry of Y went through.
    public static func checkChain(factors: [MatrixView], result: MatrixView, seed: UInt64 = 0x5EED) -> Outcome {
        precondition(!factors.isEmpty && factors.first!.rows == result.rows && factors.last!.cols == result.cols,
                     "chain shapes do not match the result")
        var generator = SeededRandom(seed: seed)
        let t = (0..<result.cols).map { _ in generator.nextSigned() }

        var pushed = t
        for factor in factors.reversed() { pushed = multiply(factor, pushed) }
        let direct = multiply(result, t)

        var difference = 0.0
        for i in 0..<direct.count {
            let d = abs(direct[i] - pushed[i])
            if !d.isFinite { return Outcome(residual: .infinity) }
            difference = max(difference, d)
        }
        if difference == 0 { return Outcome(residual: 0) }

        let inner = factors.dropLast().reduce(0) { $0 + $1.cols }
        var scale = Double.ulpOfOne * Double(max(inner, 1)) * max(infinityNorm(t), .leastNormalMagnitude)
        for factor in factors { scale *= max(infinityNorm(factor), .leastNormalMagnitude) }
        return Outcome(residual: difference / scale)
    }

    /// y = M·x, in plain Swift so the check never depends on the kernel it checks.
    static func multiply(_ m: MatrixView, _ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: m.rows)
        x.withUnsafeBufferPointer { xs in
            for i in 0..<m.rows {
                let row = m.row(i)
                var sum = 0.0
                for j in 0..<m.cols { sum += row[j] * xs[j] }
                y[i] = sum
            }
        }
        return y
    }

    /// Largest absolute row sum; NaN propagates as infinity.
    static func infinityNorm(_ m: MatrixView) -> Double {
        var norm = 0.0
        for i in 0..<m.rows {
            let row = m.row(i)
            var sum = 0.0
            for j in 0..<m.cols { sum += abs(row[j]) }
            if !sum.isFinite { return .infinity }
            norm = max(norm, sum)
        }
        return norm
    }

    static func infinityNorm(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }
}
