import Testing
@testable import GemmCore
import Vocabulary

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
        // r is in units of the standard deviation rounding allows: a few at most, far below 16.
        #expect(outcome.residual < 4, "a correct double-precision product sits far below the threshold of 16")
    }

    @Test("an exact product has residual 0")
    func exactProduct() {
        let a = Matrix(rows: 2, cols: 2), b = Matrix(rows: 2, cols: 2), c = Matrix(rows: 2, cols: 2)
        a.view[0, 0] = 1; a.view[1, 1] = 2; b.view[0, 1] = 3; b.view[1, 0] = 4
        c.view[0, 1] = 3; c.view[1, 0] = 8
        let outcome = Verification.checkProduct(a: a.view, b: b.view, c: c.view)
        #expect(outcome.residual == 0 && outcome.passed)
    }

    @Test("a corrupted element fails, down to 1e-10 of max|C|, in every row and column")
    func corruptedElementFails() {
        let (m, k, n) = (31, 37, 29)
        let (a, b, c) = Self.product(m, k, n)
        let largest = (0..<m).flatMap { i in (0..<n).map { abs(c.view[i, $0]) } }.max()!
        for (i, j) in [(0, 0), (30, 28), (7, 19), (19, 7)] {
            let original = c.view[i, j]
            for relative in [1.0, 1e-6, 1e-10] {
                for sign in [1.0, -1.0] {
                    c.view[i, j] = original + sign * relative * largest
                    let outcome = Verification.checkProduct(a: a.view, b: b.view, c: c.view)
                    #expect(!outcome.passed && outcome.verdict == .fail, "C[\(i),\(j)] off by \(sign * relative)·max|C| passed")
                }
            }
            c.view[i, j] = original
        }
        #expect(Verification.checkProduct(a: a.view, b: b.view, c: c.view).passed)
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
        #expect(!Verification.Outcome(residual: .nan, detectionLimit: 0).passed)
    }

    @Test("the threshold is HPL's 16, judged strictly")
    func threshold() {
        #expect(Verification.threshold == 16)
        #expect(Verification.Outcome(residual: 15.999, detectionLimit: 1e-12).passed)
        #expect(!Verification.Outcome(residual: 16, detectionLimit: 1e-12).passed)
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
        let tree = ProductNode.leftDeep(factors: 3)
        let good = Verification.checkChain(factors: factors, result: y.view, tree: tree)
        #expect(good.passed && good.residual < 4)

        y.view[3, 2] += 1e-4
        #expect(!Verification.checkChain(factors: factors, result: y.view, tree: tree).passed)
        y.view[3, 2] -= 1e-4
        #expect(Verification.checkChain(factors: factors, result: y.view, tree: tree).passed)

        // The right shape from a different middle factor is not this chain's product.
        let other = Matrix.random(rows: 7, cols: 4, seed: 24)
        #expect(!Verification.checkChain(factors: [f0.view, other.view, f2.view], result: y.view, tree: tree).passed)
    }

    @Test("a view with a leading dimension is checked as its own elements only")
    func viewsWithLeadingDimension() {
        let a = Matrix.random(rows: 13, cols: 11, seed: 3, leadingDimension: 20)
        let b = Matrix.random(rows: 11, cols: 7, seed: 4, leadingDimension: 9)
        let c = Matrix(rows: 13, cols: 7, leadingDimension: 12)
        Kernel.blas.multiply(a.view, b.view, into: c.view)
        // Garbage in the padding must not matter.
        for i in 0..<13 { for j in 7..<12 { c.view.base[i * 12 + j] = .nan } }
        let outcome = Verification.checkProduct(a: a.view, b: b.view, c: c.view)
        #expect(outcome.passed && outcome.detectionLimit < 1e-12)
        c.view[12, 6] += 1e-9
        #expect(!Verification.checkProduct(a: a.view, b: b.view, c: c.view).passed)
    }

    @Test("the plan tree must cover the chain")
    func treeShape() {
        #expect(ProductNode.isTree(ProductNode.leftDeep(factors: 5), factors: 5))
        #expect(ProductNode.isTree([], factors: 1))
        #expect(!ProductNode.isTree(ProductNode.leftDeep(factors: 4), factors: 5))
        #expect(!ProductNode.isTree([ProductNode(lo: 0, mid: 2, hi: 3)], factors: 3))
        #expect(ProductNode.isTree([ProductNode(lo: 1, mid: 2, hi: 3), ProductNode(lo: 0, mid: 1, hi: 3)], factors: 3))
    }
}
