import Testing
@testable import SwiftGemm

/// One product problem: shapes, leading-dimension slack and scalars.
struct ProductCase: CustomTestStringConvertible, Sendable {
    var m: Int, k: Int, n: Int
    var alpha = 1.0, beta = 0.0
    /// Extra elements per row beyond the view, for A, B and C.
    var slack = 0
    var testDescription: String { "\(m)×\(k)×\(n) α=\(alpha) β=\(beta) slack=\(slack)" }
}

/// Padding sentinels: NaN in A and B makes any read outside the view poison
/// the result; C's padding is checked bit for bit after the call.
private let inputPadding = Double.nan
private let outputPadding = -7.25

/// Checks dgemm against the triple-loop reference with tolerance
/// |C − ref| ≤ 1e-12 · max(1, k) · (|α|·max|A|·max|B| + |β|·max|C₀|),
/// and checks that C outside its m×n view is untouched.
private func checkAgainstReference(_ problem: ProductCase, build: SwiftGemm.Build, seed: UInt64) {
    var generator = SeededGenerator(seed: seed)
    let a = PaddedMatrix(rows: problem.m, cols: problem.k, ld: max(1, problem.k + problem.slack),
                         padding: inputPadding, using: &generator)
    let b = PaddedMatrix(rows: problem.k, cols: problem.n, ld: max(1, problem.n + problem.slack),
                         padding: inputPadding, using: &generator)
    var c = PaddedMatrix(rows: problem.m, cols: problem.n, ld: max(1, problem.n + problem.slack),
                         padding: outputPadding, using: &generator)
    let original = c
    let reference = referenceProduct(alpha: problem.alpha, a, b, beta: problem.beta, original)

    runSwiftGemm(build, alpha: problem.alpha, a, b, beta: problem.beta, &c)

    let result = compare(c, against: reference, outsideViewOf: original)
    let tolerance = 1e-12 * Double(max(1, problem.k))
        * (abs(problem.alpha) * a.maxMagnitude * b.maxMagnitude + abs(problem.beta) * original.maxMagnitude)
    #expect(result.maxError <= tolerance, "\(build): max error \(result.maxError) > tolerance \(tolerance)")
    #expect(result.outsideUntouched, "\(build): C was written outside its \(problem.m)×\(problem.n) view")
}

@Suite("SwiftGemm.dgemm against a triple-loop reference")
struct SwiftGemmProductTests {
    @Test("Small, prime and tile-edge shapes", arguments: testedBuilds, [
        ProductCase(m: 1, k: 1, n: 1),
        ProductCase(m: 17, k: 17, n: 17),
        ProductCase(m: 31, k: 31, n: 31),
        ProductCase(m: 127, k: 127, n: 127),
        ProductCase(m: 17, k: 31, n: 127),
        ProductCase(m: 127, k: 17, n: 31),
        ProductCase(m: 6, k: 5, n: 8),      // exactly one AVX2 register tile
        ProductCase(m: 6, k: 5, n: 16),     // exactly one AVX-512 register tile, two AVX2 tiles
        ProductCase(m: 5, k: 9, n: 7),      // one partial tile in both directions
        ProductCase(m: 7, k: 11, n: 15),    // AVX-512: one partial tile; AVX2: one full and one partial column tile
        ProductCase(m: 12, k: 4, n: 24),    // AVX-512: a full and a half tile; AVX2: three full tiles
        ProductCase(m: 13, k: 1, n: 9),     // depth 1
        ProductCase(m: 1, k: 600, n: 1),    // dot product spanning two depth blocks
    ])
    func shapes(build: SwiftGemm.Build, problem: ProductCase) {
        checkAgainstReference(problem, build: build, seed: UInt64(problem.m * 1_000_003 + problem.k * 1_009 + problem.n))
    }

    /// (Block sizes of both builds: row block 96, depth 512, column block 4096.)
    /// 300×517×131 spans 4 row blocks (96), 2 depth blocks (512) and ends in
    /// partial tiles both ways; 7×3×4100 spans two column blocks (4096);
    /// 100×1100×9 spans 3 depth blocks, so beta is applied once and later
    /// blocks accumulate.
    @Test("Shapes spanning several cache blocks", arguments: testedBuilds, [
        ProductCase(m: 300, k: 517, n: 131, alpha: 1.25, beta: -0.5, slack: 3),
        ProductCase(m: 7, k: 3, n: 4100, alpha: -1, beta: 2, slack: 5),
        ProductCase(m: 100, k: 1100, n: 9, alpha: 0.5, beta: 0, slack: 1),
    ])
    func multipleBlocks(build: SwiftGemm.Build, problem: ProductCase) {
        checkAgainstReference(problem, build: build, seed: 2024)
    }

    @Test("Leading dimensions larger than the view leave C's padding untouched", arguments: testedBuilds, [
        ProductCase(m: 19, k: 23, n: 29, slack: 1),
        ProductCase(m: 12, k: 16, n: 16, alpha: 0.5, beta: 1, slack: 8),
        ProductCase(m: 37, k: 41, n: 13, alpha: -2, beta: 0.25, slack: 7),
        ProductCase(m: 13, k: 29, n: 33, alpha: 1.5, beta: -1, slack: 3),
    ])
    func leadingDimensions(build: SwiftGemm.Build, problem: ProductCase) {
        checkAgainstReference(problem, build: build, seed: 7)
    }

    @Test("alpha and beta other than 1 and 0", arguments: testedBuilds, [
        (alpha: 2.5, beta: -1.0), (alpha: -0.75, beta: 1.0), (alpha: 1.0, beta: 3.0), (alpha: 1e-3, beta: 0.5),
    ])
    func scalars(build: SwiftGemm.Build, scalars: (alpha: Double, beta: Double)) {
        checkAgainstReference(ProductCase(m: 25, k: 33, n: 21, alpha: scalars.alpha, beta: scalars.beta, slack: 2),
                              build: build, seed: 99)
    }

    @Test("Random shapes from a seeded generator", arguments: testedBuilds)
    func randomShapes(build: SwiftGemm.Build) {
        var generator = SeededGenerator(seed: 0xC0FFEE)
        for trial in 0..<12 {
            let problem = ProductCase(m: Int.random(in: 1...70, using: &generator),
                                      k: Int.random(in: 1...300, using: &generator),
                                      n: Int.random(in: 1...70, using: &generator),
                                      alpha: Double.random(in: -2...2, using: &generator),
                                      beta: [0, 1, -0.5][trial % 3],
                                      slack: Int.random(in: 0...4, using: &generator))
            checkAgainstReference(problem, build: build, seed: UInt64(trial))
        }
    }
}
