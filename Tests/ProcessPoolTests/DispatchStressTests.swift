import Glibc
import Testing
import TestSupport
@testable import ProcessPool
import GemmCore
import SystemBoundary

/// The shared-memory dispatch under load: many tiny tasks, workers killed
/// mid-stream, every task accounted for exactly once.
@Suite("Mailbox dispatch under stress")
struct DispatchStressTests {
    /// 10^5 tasks, each C[i] += A[i]·B with A[i] = B = 1 (beta = 1), so a task
    /// that ran twice leaves 2 in its element and one that was lost leaves 0.
    static let taskCount = 100_000
    /// After these many completions the source SIGKILLs a worker.
    static let killAfter: Set<Int> = [17_000, 50_000, 83_000]
    /// Far beyond the few seconds the run takes: reaching it means a hang.
    static let limitSeconds = 240.0
    /// A death must end the run this soon (the pipes are polled every 2 ms; the
    /// rest is room for a loaded machine).
    static let noticeSeconds = 1.0

    /// Hands out tasks by id, keeps the ids in flight, and kills a worker at
    /// the completions in `killAfter`.
    final class Source: TaskSource {
        let arena: Arena
        let tasks: [PoolTask]
        var pending: [Int]
        var inFlight = Set<Int>()
        var completed = [Bool]()
        var completions = 0, repeatedCompletions = 0, wrongReplies = 0
        var victims: [ProcessID] = []
        var kills = 0
        var killedAt = 0.0

        init(arena: Arena, count: Int) {
            self.arena = arena
            let cOffset = RegionAllocator.aligned(8 * count) + RegionAllocator.alignment
            tasks = (0..<count).map { i in
                PoolTask(record: TaskRecord(
                    taskID: UInt64(i), kernel: .naive, transport: .shm,
                    a: OperandLayout(offset: 8 * i, rows: 1, cols: 1, leadingDimension: 1),
                    b: OperandLayout(offset: RegionAllocator.aligned(8 * count), rows: 1, cols: 1, leadingDimension: 1),
                    c: OperandLayout(offset: cOffset + 8 * i, rows: 1, cols: 1, leadingDimension: 1),
                    beta: 1), label: "task \(i)")
            }
            pending = Array((0..<count).reversed())
            completed = [Bool](repeating: false, count: count)
        }

        func c(_ i: Int) -> UnsafeMutablePointer<Double> {
            (arena.base + tasks[i].record.c.offset).assumingMemoryBound(to: Double.self)
        }

        func nextTask() -> PoolTask? {
            guard let id = pending.popLast() else { return nil }
            inFlight.insert(id)
            return tasks[id]
        }

        func taskCompleted(_ task: PoolTask, reply: ReplyRecord) {
            let id = Int(task.record.taskID)
            if reply.taskID != task.record.taskID { wrongReplies += 1 }
            inFlight.remove(id)
            if completed[id] { repeatedCompletions += 1 }
            completed[id] = true
            completions += 1
            if DispatchStressTests.killAfter.contains(completions), let victim = victims.first {
                kill(victim.rawValue, SIGKILL)
                killedAt = monotonicSeconds()
                kills += 1
            }
        }

        var isFinished: Bool { pending.isEmpty && inFlight.isEmpty }

        /// After a failed run: tasks that never got a reply go back in the queue.
        /// Their workers are dead and reaped, so no one writes their C any more;
        /// it is reset, as the task may have run before the worker died.
        func requeueInFlight() {
            for id in inFlight.sorted(by: >) {
                c(id).pointee = 0
                pending.append(id)
            }
            inFlight.removeAll()
        }
    }

    @Test("10^5 tiny tasks with workers killed mid-stream: none lost, none run twice, no hang, nothing left")
    func tinyTasksWithDeaths() throws {
        let executable = try #require(gemmbenchExecutable())
        let count = Self.taskCount
        let arena = try Arena(capacity: 2 * RegionAllocator.aligned(8 * count) + 2 * RegionAllocator.alignment)
        let source = Source(arena: arena, count: count)
        for i in 0..<count {
            (arena.base + 8 * i).assumingMemoryBound(to: Double.self).pointee = 1
            source.c(i).pointee = 0
        }
        (arena.base + RegionAllocator.aligned(8 * count)).assumingMemoryBound(to: Double.self).pointee = 1

        let start = monotonicSeconds()
        var deaths = 0
        var everyPid: [ProcessID] = []
        while !source.isFinished && monotonicSeconds() - start < Self.limitSeconds {
            let pool = try WorkerPool(count: 2, threads: 1, arena: arena, executable: executable)
            everyPid += pool.pids
            source.victims = [pool.pids[deaths % 2]]
            do {
                try pool.run(source)
            } catch let error as PoolError {
                guard case .workerDied(_, let pid, .signalled(.kill), _) = error else {
                    Issue.record("expected a worker killed by SIGKILL, got \(error)")
                    return
                }
                #expect(pid == source.victims[0])
                // Noticed at once, not when the other worker runs out of tasks
                // (it alone would take seconds for the rest).
                let noticedAfter = monotonicSeconds() - source.killedAt
                #expect(noticedAfter < Self.noticeSeconds, "the death was noticed after \(noticedAfter) s")
                deaths += 1
                source.requeueInFlight()
            }
            pool.shutdown()
        }
        let elapsed = monotonicSeconds() - start
        #expect(elapsed < Self.limitSeconds, "the run did not finish within \(Self.limitSeconds) s")
        #expect(source.kills == Self.killAfter.count && deaths == source.kills,
                "\(source.kills) kills, \(deaths) deaths seen")
        #expect(source.completions == count && source.repeatedCompletions == 0 && source.wrongReplies == 0)
        let counts = (0..<count).map { source.c($0).pointee }
        #expect(counts.allSatisfy { $0 == 1 },
                "lost: \(counts.filter { $0 == 0 }.count), run twice: \(counts.filter { $0 > 1 }.count)")
        #expect(everyPid.allSatisfy { processIsGone($0.rawValue) }, "a worker was left behind")
    }
}
