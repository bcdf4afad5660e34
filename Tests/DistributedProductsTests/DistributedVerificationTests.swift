import GemmCore
import Testing
@testable import DistributedProducts
import Vocabulary

/// The distributed check against GemmCore's whole-matrix `Verification`, with
/// the MPI reductions done by hand over simulated ranks.
@Suite("Distributed verification")
struct DistributedVerificationTests {
    /// The operands cut into `grid` row-major blocks (one "rank" per block), and
    /// C = A·B computed whole.
    struct Problem {
        let a: Matrix, b: Matrix, c: Matrix
        let m: Int, k: Int, n: Int

        init(m: Int, k: Int, n: Int, seed: UInt64) {
            self.m = m; self.k = k; self.n = n
            a = Matrix.random(rows: m, cols: k, seed: seed)
            b = Matrix.random(rows: k, cols: n, seed: seed &+ 1)
            c = Matrix(rows: m, cols: n)
            Kernel.naive.multiply(a.view, b.view, into: c.view)
        }

        /// `matrix` cut into a rows×cols grid of blocks.
        static func blocks(of matrix: Matrix, rows: Int, cols: Int) -> [DistributedBlock] {
            let r = BlockPartition(total: matrix.rows, parts: rows), c = BlockPartition(total: matrix.cols, parts: cols)
            return (0..<rows).flatMap { i in (0..<cols).map { j in
                DistributedBlock(rowStart: r.start(i), colStart: c.start(j), rows: r.count(i), cols: c.count(j),
                                 base: matrix.view.base + r.start(i) * matrix.view.leadingDimension + c.start(j),
                                 rowStride: matrix.view.leadingDimension, colStride: 1)
            } }
        }

        /// The distributed outcome with each block on its own simulated rank.
        func distributedOutcome(grid: Int) -> Verification.Outcome {
            chainOutcome(factors: [a, b], result: c, grid: grid, tree: ProductNode.single)
        }
    }

    /// One process holding every simulated rank's blocks: a pass adds them block by
    /// block as the ranks would, and the sum over ranks is already done, but its
    /// rounding is still counted for `ranks` holders.
    struct SimulatedRanks: CheckReduction {
        let holders: Int
        var threads: Int { 1 }
        func sum(_ values: inout [Double]) {}
        func maximum(_ value: Double) -> Double { value }
    }

    /// `checkChain` over simulated ranks: every matrix cut into grid×grid blocks.
    static func chainOutcome(factors: [Matrix], result: Matrix, grid: Int, tree: [ProductNode]) -> Verification.Outcome {
        let dims = [factors[0].rows] + factors.map(\.cols)
        let operands = factors.indices.map {
            DistributedOperand(blocks: Problem.blocks(of: factors[$0], rows: grid, cols: grid), rows: dims[$0], cols: dims[$0 + 1])
        }
        let whole = DistributedOperand(blocks: Problem.blocks(of: result, rows: grid, cols: grid), rows: dims[0], cols: dims.last!)
        return Verification.checkChain(factors: operands, result: whole, tree: tree, reduction: SimulatedRanks(holders: grid * grid))
    }

    @Test("a chain's distributed residual matches Verification.checkChain's", arguments: [1, 2, 3])
    func chainMatches(grid: Int) {
        let dims = [17, 9, 23, 5, 12]
        let factors = (0..<dims.count - 1).map { Matrix.random(rows: dims[$0], cols: dims[$0 + 1], seed: UInt64(40 + $0)) }
        var y = factors[0]
        for factor in factors.dropFirst() {
            let next = Matrix(rows: y.rows, cols: factor.cols)
            Kernel.naive.multiply(y.view, factor.view, into: next.view)
            y = next
        }
        let tree = ProductNode.leftDeep(factors: factors.count)
        let whole = Verification.checkChain(factors: factors.map(\.view), result: y.view, tree: tree)
        let distributed = Self.chainOutcome(factors: factors, result: y, grid: grid, tree: tree)
        #expect(distributed.passed && whole.passed)
        #expect(abs(distributed.residual - whole.residual) < 1, "\(distributed.residual) vs \(whole.residual)")
        // Blocks add in another order and the ranks' sum rounds too: a limit of the same size, never smaller.
        #expect(distributed.detectionLimit >= whole.detectionLimit * 0.5 && distributed.detectionLimit < whole.detectionLimit * 4)
        y.view[16, 11] += 1e-3
        #expect(!Self.chainOutcome(factors: factors, result: y, grid: grid, tree: tree).passed)
    }

    @Test("a right product passes with a residual of the same size as Verification's", arguments: [1, 2, 3])
    func rightProductPasses(grid: Int) {
        for (m, k, n) in [(37, 23, 41), (64, 64, 64), (5, 90, 3)] {
            let problem = Problem(m: m, k: k, n: n, seed: 99)
            let whole = Verification.checkProduct(a: problem.a.view, b: problem.b.view, c: problem.c.view)
            let distributed = problem.distributedOutcome(grid: grid)
            #expect(distributed.passed, "\(m)x\(k)x\(n) on \(grid)x\(grid): residual \(distributed.residual)")
            // Same formula, summed in another order: within a few units of each other.
            #expect(abs(distributed.residual - whole.residual) < 1, "\(distributed.residual) vs \(whole.residual)")
        }
    }

    @Test("column-major blocks (ScaLAPACK's local arrays) give the same verdict and limit as row-major ones")
    func columnMajorBlocks() {
        let problem = Problem(m: 45, k: 33, n: 27, seed: 17)
        /// `matrix` copied into column-major storage, cut into 2×3 blocks read with colStride = its rows.
        func columnMajor(_ matrix: Matrix) -> (storage: UnsafeMutablePointer<Double>, operand: DistributedOperand) {
            let storage = UnsafeMutablePointer<Double>.allocate(capacity: max(matrix.rows * matrix.cols, 1))
            for i in 0..<matrix.rows { for j in 0..<matrix.cols { storage[i + j * matrix.rows] = matrix.view[i, j] } }
            let r = BlockPartition(total: matrix.rows, parts: 2), c = BlockPartition(total: matrix.cols, parts: 3)
            let blocks = (0..<2).flatMap { i in (0..<3).map { j in
                DistributedBlock(rowStart: r.start(i), colStart: c.start(j), rows: r.count(i), cols: c.count(j),
                                 base: storage + r.start(i) + c.start(j) * matrix.rows, rowStride: 1, colStride: matrix.rows)
            } }
            return (storage, DistributedOperand(blocks: blocks, rows: matrix.rows, cols: matrix.cols))
        }
        let (a, b, c) = (columnMajor(problem.a), columnMajor(problem.b), columnMajor(problem.c))
        defer { for part in [a, b, c] { part.storage.deallocate() } }
        func check() -> Verification.Outcome {
            Verification.checkChain(factors: [a.operand, b.operand], result: c.operand, tree: ProductNode.single,
                                    reduction: SimulatedRanks(holders: 6))
        }
        let rowMajor = problem.distributedOutcome(grid: 2)
        let outcome = check()
        #expect(outcome.passed && rowMajor.passed)
        #expect(outcome.detectionLimit > 0 && outcome.detectionLimit < 1e-12)
        #expect(abs(outcome.residual - rowMajor.residual) < 1)
        c.storage[5 + 3 * 45] += 1e-9
        let wrong = check()
        #expect(!wrong.passed, "1e-9 in C[5,3] passed: residual \(wrong.residual)")
    }

    @Test("one wrong element, a NaN or an infinity fails, wherever it lies", arguments: [1, 2, 3])
    func wrongProductFails(grid: Int) {
        let problem = Problem(m: 30, k: 20, n: 25, seed: 5)
        for (i, j) in [(0, 0), (29, 24), (14, 13)] {
            for wrong in [1e-6, Double.nan, Double.infinity] {
                let saved = problem.c.view[i, j]
                problem.c.view[i, j] += wrong.isFinite ? wrong : 0
                if !wrong.isFinite { problem.c.view[i, j] = wrong }
                let outcome = problem.distributedOutcome(grid: grid)
                #expect(!outcome.passed, "C[\(i),\(j)] off by \(wrong) passed with residual \(outcome.residual)")
                problem.c.view[i, j] = saved
            }
        }
    }
}
