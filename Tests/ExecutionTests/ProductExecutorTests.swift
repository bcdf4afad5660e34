import Testing
import TestSupport
import Execution
import GemmCore
import ProcessPool

/// Both executors behind the one interface: the same tasks give the same C,
/// element by element, whether this process or a worker pool multiplies.
@Suite("ProductExecutor implementations")
struct ProductExecutorTests {
    /// A (m×k), B (k×n), C (m×n) in one arena; C split into `parts` row panels.
    struct Problem {
        let arena: Arena
        let a: MatrixView, b: MatrixView, c: MatrixView
        let tasks: [PoolTask]

        init(m: Int = 23, k: Int = 17, n: Int = 19, parts: Int = 3) throws {
            let aBytes = RegionAllocator.aligned(8 * m * k), bBytes = RegionAllocator.aligned(8 * k * n)
            arena = try Arena(capacity: aBytes + bBytes + RegionAllocator.aligned(8 * m * n))
            a = arena.view(offset: 0, rows: m, cols: k, leadingDimension: k)
            b = arena.view(offset: aBytes, rows: k, cols: n, leadingDimension: n)
            c = arena.view(offset: aBytes + bBytes, rows: m, cols: n, leadingDimension: n)
            var generator = SeededRandom(seed: 5)
            generator.fill(a); generator.fill(b); generator.fill(c)
            tasks = (0..<parts).map { part in
                let r0 = part * m / parts, r1 = (part + 1) * m / parts
                return PoolTask(record: TaskRecord(
                    taskID: UInt64(part), kernel: .blas, transport: .shm,
                    a: OperandLayout(offset: 8 * r0 * k, rows: r1 - r0, cols: k, leadingDimension: k),
                    b: OperandLayout(offset: aBytes, rows: k, cols: n, leadingDimension: n),
                    c: OperandLayout(offset: aBytes + bBytes + 8 * r0 * n, rows: r1 - r0, cols: n, leadingDimension: n),
                    alpha: 2, beta: 0.5), label: "panel \(part)")
            }
        }

        /// C as it should be after the tasks: 2·A·B + 0.5·C, by the naive kernel.
        func expected() -> Matrix {
            let result = Matrix(rows: c.rows, cols: c.cols)
            result.view.copy(from: c)
            NaiveKernel.multiply(a, b, into: result.view, alpha: 2, beta: 0.5)
            return result
        }

        func largestDifference(from expected: Matrix) -> Double {
            var worst = 0.0
            for i in 0..<c.rows { for j in 0..<c.cols { worst = max(worst, abs(c[i, j] - expected.view[i, j])) } }
            return worst
        }
    }

    @Test("in process and on two workers the same tasks give the same C", arguments: [0, 2])
    func sameResult(workers: Int) throws {
        let executable = try #require(gemmbenchExecutable())
        let problem = try Problem()
        let expected = problem.expected()
        var settings = ExecutionSettings()
        settings.workers = workers
        let executor = try settings.makeExecutor(arena: problem.arena, executable: executable)
        defer { executor.shutdown() }
        #expect((executor.startupSeconds == nil) == (workers == 0))
        #expect(executor.helperProcessIDs.count == workers)
        let queue = TaskQueue(problem.tasks)
        try executor.run(queue)
        #expect(queue.isFinished)
        #expect(problem.largestDifference(from: expected) <= 1e-12)
    }

    @Test("in process, a record outside the arena is refused as a worker refuses it, before any memory is touched")
    func inProcessValidates() throws {
        let problem = try Problem()
        var bad = problem.tasks[1]
        bad.record.c.offset = problem.arena.capacity
        let executor = InProcessExecutor(arena: problem.arena)
        #expect(throws: RecordError.outOfBounds("C")) { try executor.run(TaskQueue([bad])) }
    }
}
