import SystemBoundary
import Vocabulary

/// O(n²) checks of a computed product, after HPL and the BLIS test suite:
/// multiply by a random vector instead of recomputing the product, and judge
/// the difference against the rounding that product could really have made.
///
/// For Y = F₀·F₁·…·F_{q−1} (a product is the chain A·B), computed along a plan
/// tree, and one vector t of random signs (±1, seeded):
///
///     d = Y·t − F₀·(F₁·(…(F_{q−1}·t)))
///     σᵢ² = Σ_nodes [(P∘P)·u²k²·(L∘L)·(R∘R)·(s∘s)]ᵢ + u²·Σ(partial sums of the check's own dot products)²
///     r = maxᵢ |dᵢ| / σ̃ᵢ,   σ̃ᵢ = √max(σᵢ², mean σ²)
///
/// where each plan node computes L·R (inner dimension k), P is the product of the
/// factors left of it and s the factors right of it applied to t, ∘ is the
/// element-wise product and u = 2⁻⁵³. σᵢ² is the variance of dᵢ under the
/// probabilistic model of rounding (Higham & Mary, "A new approach to probabilistic
/// rounding error analysis", SIAM J. Sci. Comput. 41(5), 2019: each rounding an
/// independent, mean-zero relative error of at most u), with the Cauchy–Schwarz
/// step (Σ_l|L_al||R_lb|)² ≤ k·Σ_l L_al²R_lb², so it holds whatever the signs of
/// the data; products of several factors in it are estimated with random
/// projections (`ChainCheck`). PASS when r < 16 and every value is finite.
///
/// A wrong entry Y[i][j] += δ moves dᵢ by exactly |δ| (tⱼ = ±1), so the check
/// catches every single-entry error larger than
///
///     detect = maxᵢ (16·σ̃ᵢ + |dᵢ|)
///
/// reported relative to max|Y| as `detectionLimit` (CSV `detect_rel`). The cost is
/// one pass over each factor and over Y; nothing is recomputed.
public enum Verification {
    /// The scaled residual below which a product passes (HPL's threshold): 16 times
    /// the standard deviation the rounding model allows.
    public static let threshold = 16.0

    public struct Outcome: Sendable, Equatable {
        /// r above: the largest |d| in units of its allowed standard deviation.
        public let residual: Double
        /// The smallest error in one entry, relative to max|Y|, that this check was
        /// sure to flag for this product (∞ when the check could not judge).
        public let detectionLimit: Double
        /// `detectionLimit` for a CSV cell: none when the check could not judge (a
        /// NaN or infinity in the product: FAIL with residual ∞).
        public var finiteDetectionLimit: Double? { detectionLimit.isFinite ? detectionLimit : nil }
        /// Wall-clock seconds the check took (0 when not timed): its cost beside the product's.
        public var seconds: Double
        public var passed: Bool { residual.isFinite && residual < Verification.threshold }
        public var verdict: Verdict { Verdict(passed: passed) }

        public init(residual: Double, detectionLimit: Double, seconds: Double = 0) {
            self.residual = residual
            self.detectionLimit = detectionLimit
            self.seconds = seconds
        }

        /// Judges differences d against variances σ² (one per row of Y).
        init(differences: [Double], variances: [Double], largestEntry: Double, underflowScale: Double) {
            guard !differences.isEmpty else { self.init(residual: 0, detectionLimit: 0); return }
            let meanVariance = variances.reduce(0, +) / Double(variances.count)
            // Results near the underflow threshold lose absolute, not relative, precision.
            let underflow = underflowScale * Double.leastNonzeroMagnitude
            var residual = 0.0, detectable = 0.0
            for (d, variance) in zip(differences, variances) {
                guard d.isFinite, variance.isFinite else { self.init(residual: .infinity, detectionLimit: .infinity); return }
                let deviation = max(variance, meanVariance).squareRoot() + underflow
                residual = max(residual, abs(d) / deviation)
                detectable = max(detectable, Verification.threshold * deviation + abs(d))
            }
            let limit = detectable == 0 ? 0 : largestEntry > 0 && largestEntry.isFinite ? detectable / largestEntry : .infinity
            self.init(residual: residual, detectionLimit: limit)
        }
    }

    /// Checks C = A·B (one product node).
    public static func checkProduct(a: MatrixView, b: MatrixView, c: MatrixView, seed: UInt64 = 0x5EED) -> Outcome {
        checkChain(factors: [a, b], result: c, tree: ProductNode.single, seed: seed)
    }

    /// Checks Y = F₀·…·F_{q−1} computed along `tree` (see `ProductNode`).
    public static func checkChain(factors: [MatrixView], result: MatrixView, tree: [ProductNode],
                                  seed: UInt64 = 0x5EED) -> Outcome {
        checkChain(factors: factors, result: result, tree: tree, reduction: LocalReduction(), seed: seed)
    }

    /// The same check for matrices that several holders (MPI ranks) share out:
    /// every holder calls it with its own parts and gets the same outcome.
    public static func checkChain<Operand: CheckedOperand, Reduction: CheckReduction>(
        factors: [Operand], result: Operand, tree: [ProductNode], reduction: Reduction, seed: UInt64 = 0x5EED
    ) throws(Reduction.Failure) -> Outcome {
        precondition(!factors.isEmpty && factors.first!.rows == result.rows && factors.last!.cols == result.cols
                     && zip(factors, factors.dropFirst()).allSatisfy { $0.cols == $1.rows },
                     "chain shapes do not match the result")
        precondition(ProductNode.isTree(tree, factors: factors.count), "not a plan tree over \(factors.count) factors")
        let start = monotonicSeconds()
        var outcome = try ChainCheck(factors: factors, result: result, nodes: tree, reduction: reduction).run(seed: seed)
        outcome.seconds = monotonicSeconds() - start
        return outcome
    }
}
