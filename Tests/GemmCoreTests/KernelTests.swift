import Testing
import TestSupport
@testable import GemmCore
import Vocabulary
import Platform

/// Every kernel (blas, swift, naive) against an independent triple loop.
@Suite("Kernels against a triple loop")
struct KernelTests {
    /// (m, k, n): 1×1, primes (so no block size divides them), m ≠ k ≠ n, and skinny shapes.
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (17, 17, 17), (31, 31, 31), (127, 127, 127),
        (7, 13, 5), (13, 5, 7), (33, 1, 19), (1, 50, 3), (50, 3, 1), (64, 65, 63),
    ]

    @Test("C = A·B matches the reference", arguments: Kernel.allCases)
    func plainProduct(kernel: Kernel) {
        for (m, k, n) in Self.shapes {
            let a = Matrix.random(rows: m, cols: k, seed: 1)
            let b = Matrix.random(rows: k, cols: n, seed: 2)
            let c = Matrix(rows: m, cols: n)
            let expected = referenceProduct(a.view, b.view, c0: c.view, alpha: 1, beta: 0)
            kernel.multiply(a.view, b.view, into: c.view)
            #expect(maxDifference(c.view, expected) <= productTolerance(k: k),
                    "\(kernel) \(m)x\(k)x\(n)")
        }
    }

    @Test("alpha and beta other than 1 and 0", arguments: Kernel.allCases)
    func alphaBeta(kernel: Kernel) {
        for (m, k, n) in [(17, 31, 23), (1, 1, 1), (40, 7, 33)] {
            for (alpha, beta) in [(2.5, -0.75), (-1.0, 1.0), (0.5, 2.0), (1.0, 1.0)] {
                let a = Matrix.random(rows: m, cols: k, seed: 3)
                let b = Matrix.random(rows: k, cols: n, seed: 4)
                let c = Matrix.random(rows: m, cols: n, seed: 5)
                let expected = referenceProduct(a.view, b.view, c0: c.view, alpha: alpha, beta: beta)
                kernel.multiply(a.view, b.view, into: c.view, alpha: alpha, beta: beta)
                #expect(maxDifference(c.view, expected) <= productTolerance(k: k, alpha: alpha, beta: beta),
                        "\(kernel) \(m)x\(k)x\(n) alpha \(alpha) beta \(beta)")
            }
        }
    }

    @Test("beta = 0 never reads C: NaN and infinity in C do not leak", arguments: Kernel.allCases)
    func betaZeroIgnoresGarbage(kernel: Kernel) {
        for (m, k, n) in [(1, 1, 1), (17, 31, 23), (64, 64, 64)] {
            for garbage in [Double.nan, .infinity, -.infinity] {
                let a = Matrix.random(rows: m, cols: k, seed: 6)
                let b = Matrix.random(rows: k, cols: n, seed: 7)
                let c = Matrix(rows: m, cols: n)
                c.view.fill(garbage)
                kernel.multiply(a.view, b.view, into: c.view, alpha: 1.5, beta: 0)
                let expected = referenceProduct(a.view, b.view, c0: c.view, alpha: 1.5, beta: 0)
                #expect(maxDifference(c.view, expected) <= productTolerance(k: k, alpha: 1.5),
                        "\(kernel) \(m)x\(k)x\(n) with \(garbage) in C")
            }
        }
    }

    /// Views whose leading dimension exceeds their width: the padding of A and B
    /// holds NaN (reading it would poison C) and C's padding a sentinel that must survive.
    @Test("leading dimension > cols: right result, padding untouched and unread", arguments: Kernel.allCases)
    func paddedViews(kernel: Kernel) {
        let sentinel = -12345.5
        for (m, k, n, extra) in [(17, 31, 23, 3), (1, 1, 1, 1), (64, 64, 64, 8), (5, 9, 2, 61)] {
            let a = paddedMatrix(rows: m, cols: k, ld: k + extra, seed: 8, padding: .nan)
            let b = paddedMatrix(rows: k, cols: n, ld: n + extra + 1, seed: 9, padding: .nan)
            let c = paddedMatrix(rows: m, cols: n, ld: n + extra + 2, seed: 10, padding: sentinel)
            let expected = referenceProduct(a.view, b.view, c0: c.view, alpha: 0.5, beta: 2)
            kernel.multiply(a.view, b.view, into: c.view, alpha: 0.5, beta: 2)
            #expect(maxDifference(c.view, expected) <= productTolerance(k: k, alpha: 0.5, beta: 2),
                    "\(kernel) \(m)x\(k)x\(n) ld +\(extra)")
            #expect(paddingElements(c.view).allSatisfy { $0 == sentinel }, "\(kernel) wrote outside C's view")
        }
    }

    /// A tile in the middle of a larger C (how the pool uses kernels): only the tile changes.
    @Test("a block of a larger C: elements around it are untouched", arguments: Kernel.allCases)
    func interiorBlock(kernel: Kernel) {
        let sentinel = 777.25
        let big = Matrix(rows: 30, cols: 40)
        big.view.fill(sentinel)
        let tile = big.view.block(rowStart: 5, rowCount: 11, colStart: 7, colCount: 13)
        let a = Matrix.random(rows: 11, cols: 19, seed: 11)
        let b = Matrix.random(rows: 19, cols: 13, seed: 12)
        let expected = referenceProduct(a.view, b.view, c0: tile, alpha: 1, beta: 0)
        kernel.multiply(a.view, b.view, into: tile)
        #expect(maxDifference(tile, expected) <= productTolerance(k: 19))
        var outsideChanged = 0
        for i in 0..<30 {
            for j in 0..<40 where !(5..<16).contains(i) || !(7..<20).contains(j) {
                if big.view[i, j] != sentinel { outsideChanged += 1 }
            }
        }
        #expect(outsideChanged == 0, "\(kernel) changed \(outsideChanged) elements outside the tile")
    }

    /// k = 0: the product is empty, so C ← beta·C (and C ← 0 when beta = 0).
    @Test("k = 0 applies beta only", arguments: Kernel.allCases)
    func emptyInnerDimension(kernel: Kernel) {
        let a = Matrix(rows: 4, cols: 0)
        let b = Matrix(rows: 0, cols: 3)
        let c = Matrix.random(rows: 4, cols: 3, seed: 13)
        let expected = referenceProduct(a.view, b.view, c0: c.view, alpha: 1, beta: 0.5)
        kernel.multiply(a.view, b.view, into: c.view, alpha: 1, beta: 0.5)
        #expect(maxDifference(c.view, expected) == 0, "\(kernel) with k = 0, beta 0.5")

        c.view.fill(.nan)
        kernel.multiply(a.view, b.view, into: c.view, alpha: 1, beta: 0)
        #expect(maxDifference(c.view, referenceProduct(a.view, b.view, c0: c.view, alpha: 1, beta: 0)) == 0,
                "\(kernel) with k = 0, beta 0 must give zeros")
    }

    @Test("the three kernels agree with each other on a larger random product")
    func kernelsAgree() {
        let (m, k, n) = (96, 80, 72)
        let a = Matrix.random(rows: m, cols: k, seed: 14)
        let b = Matrix.random(rows: k, cols: n, seed: 15)
        let results = Kernel.allCases.map { kernel -> Matrix in
            let c = Matrix(rows: m, cols: n)
            kernel.multiply(a.view, b.view, into: c.view)
            return c
        }
        let reference = (0..<m).map { i in (0..<n).map { j in results[2].view[i, j] } }
        for (kernel, c) in zip(Kernel.allCases, results) {
            #expect(maxDifference(c.view, reference) <= productTolerance(k: k), "\(kernel) vs naive")
        }
    }

    @Test("kernel names parse back and list every kernel")
    func kernelNames() {
        #expect(Kernel.names == "blas|swift|naive")
        for kernel in Kernel.allCases { #expect(Kernel(rawValue: kernel.rawValue) == kernel) }
        #expect(Kernel(rawValue: "fast") == nil)
    }

    @Test("OpenBLAS reports its core and configuration")
    func blasIdentity() {
        #expect(!BLAS.coreName.isEmpty)
        #expect(BLAS.coreName.first != " " && BLAS.coreName.last != " ")
        #expect(BLAS.config.contains("OpenBLAS"))
        #expect(BLAS.threads >= 1)
    }
}
