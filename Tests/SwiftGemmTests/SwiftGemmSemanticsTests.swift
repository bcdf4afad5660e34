import Testing
@testable import SwiftGemm

/// BLAS corner semantics: empty shapes, beta == 0 over NaN, alpha == 0, k == 0.
@Suite("SwiftGemm.dgemm BLAS semantics")
struct SwiftGemmSemanticsTests {
    private func matrices(m: Int, k: Int, n: Int, cFill: Double)
        -> (a: PaddedMatrix, b: PaddedMatrix, c: PaddedMatrix) {
        var generator = SeededGenerator(seed: 5)
        let a = PaddedMatrix(rows: m, cols: k, ld: max(1, k), padding: 0, using: &generator)
        let b = PaddedMatrix(rows: k, cols: n, ld: max(1, n), padding: 0, using: &generator)
        var c = PaddedMatrix(rows: m, cols: n, ld: max(1, n) + 2, padding: -3, using: &generator)
        for i in 0..<m { for j in 0..<n { c[i, j] = cFill } }
        return (a, b, c)
    }

    @Test("beta == 0 ignores NaN and Inf already in C", arguments: testedBuilds, [Double.nan, .infinity, -.infinity])
    func betaZeroOverwrites(build: SwiftGemm.Build, fill: Double) {
        var (a, b, c) = matrices(m: 14, k: 9, n: 19, cFill: fill)
        let reference = referenceProduct(alpha: 1, a, b, beta: 0, c)
        let original = c
        runSwiftGemm(build, alpha: 1, a, b, beta: 0, &c)
        let result = compare(c, against: reference, outsideViewOf: original)
        #expect(result.maxError <= 1e-12 * 9)
        #expect(result.outsideUntouched)
    }

    @Test("m, n or k == 0", arguments: testedBuilds, [(0, 5, 7), (4, 5, 0), (0, 0, 0)])
    func emptyViewWritesNothing(build: SwiftGemm.Build, shape: (m: Int, k: Int, n: Int)) {
        var (a, b, c) = matrices(m: shape.m, k: shape.k, n: shape.n, cFill: 1)
        let original = c
        runSwiftGemm(build, alpha: 1, a, b, beta: 0, &c)
        #expect(c.storage.map(\.bitPattern) == original.storage.map(\.bitPattern))
    }

    @Test("k == 0 scales C by beta; beta == 0 clears even NaN", arguments: testedBuilds, [
        (beta: 0.0, fill: Double.nan, expected: 0.0),
        (beta: 2.0, fill: 1.5, expected: 3.0),
        (beta: 1.0, fill: 4.0, expected: 4.0),
    ])
    func emptyDepthScalesC(build: SwiftGemm.Build, scalars: (beta: Double, fill: Double, expected: Double)) {
        let (beta, fill, expected) = scalars
        var (a, b, c) = matrices(m: 3, k: 0, n: 4, cFill: fill)
        let original = c
        runSwiftGemm(build, alpha: 1, a, b, beta: beta, &c)
        for i in 0..<3 { for j in 0..<4 { #expect(c[i, j] == expected) } }
        #expect(compare(c, against: Array(repeating: Array(repeating: expected, count: 4), count: 3),
                        outsideViewOf: original).outsideUntouched)
    }

    @Test("alpha == 0 computes beta·C without reading A or B", arguments: testedBuilds)
    func alphaZeroSkipsProduct(build: SwiftGemm.Build) {
        var (a, b, c) = matrices(m: 5, k: 6, n: 7, cFill: 2)
        a.storage = a.storage.map { _ in .nan }   // would poison C if it were read
        b.storage = b.storage.map { _ in .infinity }
        runSwiftGemm(build, alpha: 0, a, b, beta: -0.5, &c)
        for i in 0..<5 { for j in 0..<7 { #expect(c[i, j] == -1) } }
    }

    @Test("Concurrent calls do not share state", arguments: testedBuilds)
    func reentrant(build: SwiftGemm.Build) async {
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for seed in 0..<4 {
                group.addTask {
                    var generator = SeededGenerator(seed: UInt64(seed))
                    let a = PaddedMatrix(rows: 40, cols: 70, ld: 70, padding: 0, using: &generator)
                    let b = PaddedMatrix(rows: 70, cols: 33, ld: 33, padding: 0, using: &generator)
                    var c = PaddedMatrix(rows: 40, cols: 33, ld: 33, padding: 0, using: &generator)
                    let reference = referenceProduct(alpha: 1, a, b, beta: 0, c)
                    let original = c
                    runSwiftGemm(build, alpha: 1, a, b, beta: 0, &c)
                    return compare(c, against: reference, outsideViewOf: original).maxError <= 1e-12 * 70
                }
            }
            var all: [Bool] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes == [true, true, true, true])
    }
}
