import Glibc
import Testing
import TestSupport
@testable import ProcessPool
import GemmCore
import SystemBoundary
import Vocabulary

/// The pool with real worker processes (the built gemmbench binary in its
/// hidden worker mode): results compared element by element with the naive kernel.
@Suite("WorkerPool with real workers")
struct WorkerPoolTests {
    /// A, B and C in one arena, C split into `parts` row panels, one task each.
    struct SharedProblem {
        let arena: Arena
        let a: MatrixView, b: MatrixView, c: MatrixView
        let tasks: [PoolTask]

        init(m: Int, k: Int, n: Int, parts: Int, kernel: Kernel, alpha: Double = 1, beta: Double = 0) throws {
            let aBytes = RegionAllocator.aligned(8 * m * k), bBytes = RegionAllocator.aligned(8 * k * n)
            arena = try Arena(capacity: aBytes + bBytes + RegionAllocator.aligned(8 * m * n))
            a = arena.view(offset: 0, rows: m, cols: k, leadingDimension: k)
            b = arena.view(offset: aBytes, rows: k, cols: n, leadingDimension: n)
            c = arena.view(offset: aBytes + bBytes, rows: m, cols: n, leadingDimension: n)
            var generator = SeededRandom(seed: 31)
            generator.fill(a); generator.fill(b); generator.fill(c)
            tasks = (0..<parts).map { part in
                let r0 = part * m / parts, r1 = (part + 1) * m / parts
                return PoolTask(record: TaskRecord(
                    taskID: UInt64(part), kernel: kernel, transport: .shm,
                    a: OperandLayout(offset: 8 * r0 * k, rows: r1 - r0, cols: k, leadingDimension: k),
                    b: OperandLayout(offset: aBytes, rows: k, cols: n, leadingDimension: n),
                    c: OperandLayout(offset: aBytes + bBytes + 8 * r0 * n, rows: r1 - r0, cols: n, leadingDimension: n),
                    alpha: alpha, beta: beta), label: "panel \(part)")
            }
        }
    }

    @Test("shm tasks give the naive kernel's result element by element", arguments: Kernel.allCases)
    func sharedTransport(kernel: Kernel) throws {
        let executable = try #require(gemmbenchExecutable(), "gemmbench must be built next to the tests")
        let problem = try SharedProblem(m: 37, k: 23, n: 29, parts: 3, kernel: kernel, alpha: 1.5, beta: -0.5)
        let expected = Matrix(rows: 37, cols: 29)
        expected.view.copy(from: problem.c)
        NaiveKernel.multiply(problem.a, problem.b, into: expected.view, alpha: 1.5, beta: -0.5)

        let pool = try WorkerPool(count: 2, threads: 1, arena: problem.arena, executable: executable)
        #expect(pool.count == 2 && pool.workerCores.count == 2)
        #expect(pool.workerCores.allSatisfy { !$0.isEmpty })
        let queue = TaskQueue(problem.tasks)
        try pool.run(queue)
        #expect(queue.isFinished)
        var worst = 0.0
        for i in 0..<37 { for j in 0..<29 { worst = max(worst, abs(problem.c[i, j] - expected.view[i, j])) } }
        #expect(worst <= 1e-12, "\(kernel): largest difference \(worst)")

        let pids = pool.pids
        pool.shutdown()
        #expect(pids.allSatisfy { processIsGone($0.rawValue) }, "shutdown must reap every worker")
    }

    @Test("the pool is reusable: the same queue run twice gives the same C")
    func reuse() throws {
        let executable = try #require(gemmbenchExecutable())
        let problem = try SharedProblem(m: 20, k: 10, n: 12, parts: 4, kernel: .blas)
        let pool = try WorkerPool(count: 2, threads: 1, arena: problem.arena, executable: executable)
        defer { pool.shutdown() }
        let queue = TaskQueue(problem.tasks)
        try pool.run(queue)
        let first = (0..<20).flatMap { i in (0..<12).map { problem.c[i, $0] } }
        problem.c.fill(.nan)
        queue.reset()
        try pool.run(queue)
        let second = (0..<20).flatMap { i in (0..<12).map { problem.c[i, $0] } }
        #expect(first == second)
    }

    @Test("message transport ships blocks and brings C back element by element")
    func messageTransport() throws {
        let executable = try #require(gemmbenchExecutable())
        let (m, k, n) = (33, 17, 26)
        let a = Matrix.random(rows: m, cols: k, seed: 41)
        let b = Matrix.random(rows: k, cols: n, seed: 42)
        let c = Matrix.random(rows: m, cols: n, seed: 43)
        let expected = Matrix(rows: m, cols: n)
        expected.view.copy(from: c.view)
        NaiveKernel.multiply(a.view, b.view, into: expected.view, alpha: 2, beta: 0.25)
        // 2×2 tiles: A row panels, B column panels, C blocks with ld = n.
        let unused = OperandLayout(offset: 0, rows: 0, cols: 0, leadingDimension: 1)
        var tasks: [PoolTask] = []
        for (r0, r1) in [(0, 16), (16, 33)] {
            for (c0, c1) in [(0, 13), (13, 26)] {
                var record = TaskRecord(taskID: UInt64(tasks.count), kernel: .swift, transport: .message,
                                        a: unused, b: unused, c: unused, alpha: 2, beta: 0.25)
                record.m = r1 - r0; record.n = c1 - c0; record.k = k
                tasks.append(PoolTask(record: record, label: "tile \(tasks.count)", messageOperands: .init(
                    a: a.view.block(rowStart: r0, rowCount: r1 - r0, colStart: 0, colCount: k),
                    b: b.view.block(rowStart: 0, rowCount: k, colStart: c0, colCount: c1 - c0),
                    c: c.view.block(rowStart: r0, rowCount: r1 - r0, colStart: c0, colCount: c1 - c0))))
            }
        }
        let arena = try Arena(capacity: 64)
        let pool = try WorkerPool(count: 2, threads: 1, arena: arena, executable: executable)
        defer { pool.shutdown() }
        try pool.run(TaskQueue(tasks))
        var worst = 0.0
        for i in 0..<m { for j in 0..<n { worst = max(worst, abs(c.view[i, j] - expected.view[i, j])) } }
        #expect(worst <= 1e-12, "largest difference \(worst)")
    }

    @Test("a worker refuses a task outside the arena; the error names worker and task; all workers are reaped")
    func rejectedTask() throws {
        let executable = try #require(gemmbenchExecutable())
        let problem = try SharedProblem(m: 8, k: 8, n: 8, parts: 2, kernel: .blas)
        var bad = problem.tasks[1]
        bad.record.c.offset = problem.arena.capacity   // C would start at the arena's end
        bad.label = "the bad tile"
        let pool = try WorkerPool(count: 2, threads: 1, arena: problem.arena, executable: executable)
        let pids = pool.pids
        do {
            try pool.run(TaskQueue([problem.tasks[0], bad]))
            Issue.record("a task outside the arena was run")
        } catch let error as PoolError {
            guard case .rejected(_, let task, let reason) = error else {
                Issue.record("expected a rejection, got \(error)")
                return
            }
            #expect(task == "the bad tile")
            #expect(reason.contains("C") && reason.contains("past the end"))
            #expect(error.description.hasPrefix("worker "))
        }
        #expect(pids.allSatisfy { processIsGone($0.rawValue) }, "a failed run must kill and reap every worker")
    }

    @Test("a worker that is killed mid-run is reported with its signal")
    func killedWorker() throws {
        let executable = try #require(gemmbenchExecutable())
        let problem = try SharedProblem(m: 8, k: 8, n: 8, parts: 2, kernel: .blas)
        let pool = try WorkerPool(count: 2, threads: 1, arena: problem.arena, executable: executable)
        let pids = pool.pids
        kill(pids[1].rawValue, SIGKILL)
        do {
            // Enough tasks that worker 1 is sure to be handed one.
            try pool.run(TaskQueue(problem.tasks + problem.tasks + problem.tasks))
            Issue.record("the run succeeded with a dead worker")
        } catch let error as PoolError {
            guard case .workerDied(let index, let pid, let status, _) = error else {
                Issue.record("expected workerDied, got \(error)")
                return
            }
            #expect(index == 1 && pid == pids[1] && status == .signalled(.kill))
            #expect(error.description.contains("SIGKILL"))
        }
        #expect(pids.allSatisfy { processIsGone($0.rawValue) })
    }

    @Test("a missing executable cannot start; one that exits at once dies before ready")
    func startFailures() throws {
        let arena = try Arena(capacity: 64)
        do {
            _ = try WorkerPool(count: 1, threads: 1, arena: arena, executable: "/nonexistent/gemmbench")
            Issue.record("a pool started from a missing executable")
        } catch let error as PoolError {
            guard case .cannotStart(0, _) = error else { Issue.record("got \(error)"); return }
        }
        do {
            _ = try WorkerPool(count: 2, threads: 1, arena: arena, executable: "/bin/false")
            Issue.record("a pool of /bin/false reported ready")
        } catch let error as PoolError {
            guard case .diedBeforeReady(0, _, .exited(1)) = error else { Issue.record("got \(error)"); return }
            #expect(error.description.contains("before it was ready"))
        }
    }

    /// A 512×512·512×512 message task (4 MiB of blocks, more than a pipe holds)
    /// whose record claims `recordRows` rows; the matrices are returned to keep them alive.
    static func bigMessageTask(label: String, recordRows: Int) -> (PoolTask, [Matrix]) {
        let a = Matrix.random(rows: 512, cols: 512, seed: 1), b = Matrix.random(rows: 512, cols: 512, seed: 2)
        let c = Matrix(rows: 512, cols: 512)
        let unused = OperandLayout(offset: 0, rows: 0, cols: 0, leadingDimension: 1)
        var record = TaskRecord(taskID: 0, kernel: .blas, transport: .message, a: unused, b: unused, c: unused)
        record.m = recordRows; record.n = 512; record.k = 512
        return (PoolTask(record: record, label: label, messageOperands: .init(a: a.view, b: b.view, c: c.view)), [a, b, c])
    }

    @Test("a worker that rejects a message record while its payload is still being written reports the reason")
    func rejectedMessageRecord() throws {
        let executable = try #require(gemmbenchExecutable())
        // 4 MiB of operands: more than the pipe holds, so the coordinator is
        // still writing when the worker refuses the record and stops reading.
        let (task, matrices) = Self.bigMessageTask(label: "the bad block", recordRows: -1)
        defer { withExtendedLifetime(matrices) {} }
        let arena = try Arena(capacity: 64)
        let pool = try WorkerPool(count: 1, threads: 1, arena: arena, executable: executable)
        let pids = pool.pids
        do {
            try pool.run(TaskQueue([task]))
            Issue.record("a record with a negative dimension was run")
        } catch let error as PoolError {
            guard case .rejected(0, "the bad block", let reason) = error else {
                Issue.record("expected the rejection reason, got \(error)")
                return
            }
            #expect(reason.contains("negative dimension"), "\(reason)")
        }
        #expect(pids.allSatisfy { processIsGone($0.rawValue) })
    }

    @Test("a stopped worker is caught by its reply deadline: noReply names it; every worker is reaped")
    func stoppedWorkerTimesOut() throws {
        let executable = try #require(gemmbenchExecutable())
        let problem = try SharedProblem(m: 8, k: 8, n: 8, parts: 2, kernel: .blas)
        let pool = try WorkerPool(count: 2, threads: 1, arena: problem.arena, executable: executable,
                                  replyTimeout: .seconds(0.3))
        let pids = pool.pids
        kill(pids[1].rawValue, SIGSTOP)
        let start = monotonicSeconds()
        do {
            try pool.run(TaskQueue(problem.tasks + problem.tasks))
            Issue.record("the run succeeded with a stopped worker")
        } catch let error as PoolError {
            guard case .noReply(1, let pid, _, 0.3) = error else { Issue.record("expected noReply, got \(error)"); return }
            #expect(pid == pids[1])
            #expect(error.description.contains("no reply within 0.3 s"), "\(error)")
        }
        let elapsed = monotonicSeconds() - start
        #expect(elapsed >= 0.3 && elapsed < 5, "ended after \(elapsed) s")
        #expect(pids.allSatisfy { processIsGone($0.rawValue) })
    }

    @Test("a stopped worker cannot block a message-transport write: the deadline covers sending the blocks")
    func stoppedWorkerDuringMessageWrite() throws {
        let executable = try #require(gemmbenchExecutable())
        let (task, matrices) = Self.bigMessageTask(label: "the big block", recordRows: 512)
        defer { withExtendedLifetime(matrices) {} }
        let arena = try Arena(capacity: 64)
        let pool = try WorkerPool(count: 1, threads: 1, arena: arena, executable: executable, replyTimeout: .seconds(0.5))
        let pids = pool.pids
        kill(pids[0].rawValue, SIGSTOP)
        do {
            try pool.run(TaskQueue([task]))
            Issue.record("the run succeeded with a stopped worker")
        } catch let error as PoolError {
            guard case .noReply(0, _, "the big block", _) = error else { Issue.record("expected noReply, got \(error)"); return }
        }
        #expect(pids.allSatisfy { processIsGone($0.rawValue) })
    }

    @Test("the default reply limit follows its documented formula")
    func scaledReplyTimeout() {
        let unused = OperandLayout(offset: 0, rows: 0, cols: 0, leadingDimension: 1)
        var record = TaskRecord(taskID: 0, kernel: .blas, transport: .shm, a: unused, b: unused, c: unused)
        record.m = 2048; record.k = 4096; record.n = 4096
        let flops: Double = 2 * 2048 * 4096 * 4096
        #expect(ReplyTimeout.scaledToTask.seconds(for: record) == 10 + 8 * flops / 5e7)
        record.transport = .message
        let toWorker: Double = 8 * (2048 * 4096 + 4096 * 4096)
        let fromWorker: Double = 8 * 2048 * 4096
        let expected: Double = 10 + 8 * (flops / 5e7 + (toWorker + fromWorker) / 1e8)
        #expect(abs(ReplyTimeout.scaledToTask.seconds(for: record) - expected) < 1e-6)
        #expect(ReplyTimeout.seconds(3).seconds(for: record) == 3)
    }
}
