import Testing
@testable import GemmCore

@Suite("Verification")
struct VerificationTests {
    static func product(_ m: Int, _ k: Int, _ n: Int, seed: UInt64 = 1) -> (a: Matrix, b: Matrix, c: Matrix) {
        let a = Matrix.random(rows: m, cols: k, seed: seed)
        let b = Matrix.random(rows: k, cols: n, seed: seed + 1)
        let c = Matrix(rows: m, cols: n)
        Kernel.blas.multiply(a.view, b.view, into: c.view)
        return (a, b, c)
    }

    @Test("a right product passes with a small residual", arguments: [(1, 1, 1), (17, 31, 127), (127, 127, 127), (64, 1, 64), (3, 200, 2)])
    func rightProductPasses(shape: (Int, Int, Int)) {
        let (a, b, c) = Self.product(shape.0, shape.1, shape.2)
        let outcome = Verification.checkProduct(a: a.view, b: b.view, c: c.view)
        #expect(outcome.passed && outcome.verdict == .pass)
        #expect(outcome.residual < 1, "a correct double-precision product sits far below the threshold of 16")
    }

    @Test("an exact product has residual 0")
    func exactProduct() {
        let a = Matrix(rows: 2, cols: 2), b = Matrix(rows: 2, cols: 2), c = Matrix(rows: 2, cols: 2)
        a.view[0, 0] = 1; a.view[1, 1] = 2; b.view[0, 1] = 3; b.view[1, 0] = 4
        c.view[0, 1] = 3; c.view[1, 0] = 8
        #expect(Verification.checkProduct(a: a.view, b: b.view, c: c.view) == .init(residual: 0))
    }

    @Test("a corrupted element fails, even by 1e-6 relative")
    func corruptedElementFails() {
        let (m, k, n) = (31, 31, 31)
        let (a, b, c) = Self.product(m, k, n)
        let seed: UInt64 = 0x5EED
        // t's entries are drawn from `seed` in order; corrupt where t has weight,
        // in the row where C is largest, so the error is not hidden by t_j ≈ 0.
        var generator = SeededRandom(seed: seed)
        let t = (0..<n).map { _ in generator.nextSigned() }
        let j = t.indices.max { abs(t[$0]) < abs(t[$1]) }!
        let i = (0..<m).max { abs(c.view[$0, j]) < abs(c.view[$1, j]) }!

        let original = c.view[i, j]
        for relative in [1.0, 1e-3, 1e-6] {
            c.view[i, j] = original * (1 + relative)
            let outcome = Verification.checkProduct(a: a.view, b: b.view, c: c.view, seed: seed)
            #expect(!outcome.passed && outcome.verdict == .fail, "relative error \(relative) not detected")
        }
        c.view[i, j] = original
        #expect(Verification.checkProduct(a: a.view, b: b.view, c: c.view, seed: seed).passed)
    }

    @Test("a wrong element is caught with the default seed wherever it is", arguments: [0, 5, 16])
    func everyColumnCovered(column: Int) {
        let (a, b, c) = Self.product(17, 17, 17)
        c.view[column, column] += 1e-3
        #expect(!Verification.checkProduct(a: a.view, b: b.view, c: c.view).passed)
    }

    @Test("NaN or infinity in C or in an input fails with residual ∞")
    func nonFiniteFails() {
        for poison in [Double.nan, .infinity, -.infinity] {
            let (a, b, c) = Self.product(9, 8, 7)
            c.view[4, 3] = poison
            let outcome = Verification.checkProduct(a: a.view, b: b.view, c: c.view)
            #expect(outcome.residual == .infinity && outcome.verdict == .fail)

            let (a2, b2, c2) = Self.product(9, 8, 7)
            a2.view[0, 0] = poison
            #expect(!Verification.checkProduct(a: a2.view, b: b2.view, c: c2.view).passed)
        }
        #expect(!Verification.Outcome(residual: .nan).passed)
    }

    @Test("the threshold is HPL's 16, judged strictly")
    func threshold() {
        #expect(Verification.threshold == 16)
        #expect(Verification.Outcome(residual: 15.999).passed)
        #expect(!Verification.Outcome(residual: 16).passed)
    }

    @Test("a correct 3-factor chain passes and a corrupted one fails")
    func chain() {
        let f0 = Matrix.random(rows: 5, cols: 7, seed: 21)
        let f1 = Matrix.random(rows: 7, cols: 4, seed: 22)
        let f2 = Matrix.random(rows: 4, cols: 6, seed: 23)
        let f01 = Matrix(rows: 5, cols: 4)
        NaiveKernel.multiply(f0.view, f1.view, into: f01.view, alpha: 1, beta: 0)
        let y = Matrix(rows: 5, cols: 6)
        NaiveKernel.multiply(f01.view, f2.view, into: y.view, alpha: 1, beta: 0)

        let factors = [f0.view, f1.view, f2.view]
        let good = Verification.checkChain(factors: factors, result: y.view)
        #expect(good.passed && good.residual < 1)

        y.view[3, 2] += 1e-4
        #expect(!Verification.checkChain(factors: factors, result: y.view).passed)
        y.view[3, 2] -= 1e-4
        #expect(Verification.checkChain(factors: factors, result: y.view).passed)

        // The right shape from a different middle factor is not this chain's product.
        let other = Matrix.random(rows: 7, cols: 4, seed: 24)
        #expect(!Verification.checkChain(factors: [f0.view, other.view, f2.view], result: y.view).passed)
    }
}
