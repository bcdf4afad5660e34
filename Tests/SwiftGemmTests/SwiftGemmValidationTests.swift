import Testing
import SwiftGemm

@Suite("SwiftGemm.validate")
struct SwiftGemmValidationTests {
    @Test("Accepts the BLAS shape contract, including empty shapes")
    func acceptsValidShapes() throws {
        try SwiftGemm.validate(m: 3, n: 4, k: 5, lda: 5, ldb: 4, ldc: 4)
        try SwiftGemm.validate(m: 3, n: 4, k: 5, lda: 9, ldb: 6, ldc: 100)
        try SwiftGemm.validate(m: 0, n: 0, k: 0, lda: 1, ldb: 1, ldc: 1)
    }

    @Test("Rejects each bad argument with an error naming it", arguments: [
        ((-1, 4, 5, 5, 4, 4), SwiftGemmError.negativeDimension(name: "m", value: -1)),
        ((3, -2, 5, 5, 4, 4), .negativeDimension(name: "n", value: -2)),
        ((3, 4, -3, 5, 4, 4), .negativeDimension(name: "k", value: -3)),
        ((3, 4, 5, 4, 4, 4), .leadingDimensionTooSmall(name: "lda", value: 4, minimum: 5)),
        ((3, 4, 5, 5, 3, 4), .leadingDimensionTooSmall(name: "ldb", value: 3, minimum: 4)),
        ((3, 4, 5, 5, 4, 2), .leadingDimensionTooSmall(name: "ldc", value: 2, minimum: 4)),
        ((0, 0, 0, 0, 1, 1), .leadingDimensionTooSmall(name: "lda", value: 0, minimum: 1)),
    ])
    func rejectsInvalidShapes(shape: (Int, Int, Int, Int, Int, Int), expected: SwiftGemmError) {
        let (m, n, k, lda, ldb, ldc) = shape
        #expect(throws: expected) {
            try SwiftGemm.validate(m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc)
        }
    }

    @Test("Descriptions are one line and name the argument")
    func descriptions() {
        let error = SwiftGemmError.leadingDimensionTooSmall(name: "ldb", value: 3, minimum: 8)
        #expect(error.description == "leading dimension ldb = 3 is smaller than the required 8")
        #expect(SwiftGemmError.negativeDimension(name: "k", value: -1).description == "dimension k = -1 is negative")
    }
}
