import Testing
import ChainPlanning
import Execution
import GemmCore
import ProcessPool
import SystemBoundary
@testable import Runners
import Vocabulary

/// The seam gemmbench-mpi's rank 0 uses: the runners take their arena and
/// executor from an `ExecutionBackend`, whatever it is.
@Suite("ExecutionBackend")
struct ExecutionBackendTests {
    /// Memory this backend owns, lent to the runner as a borrowed arena (as
    /// gemmbench-mpi lends a shared window).
    final class Owned {
        let memory: UnsafeMutableRawPointer
        init(bytes: Int) { memory = .allocate(byteCount: bytes, alignment: RegionAllocator.alignment) }
        deinit { memory.deallocate() }
    }

    /// Counts every task it multiplies; its workers are this process.
    final class CountingExecutor: ProductExecutor {
        let inner: InProcessExecutor
        var tasks = 0
        init(arena: Arena) { inner = InProcessExecutor(arena: arena) }
        func run(_ work: TaskSource) throws {
            final class Counting: TaskSource {
                let wrapped: TaskSource
                var count = 0
                init(_ wrapped: TaskSource) { self.wrapped = wrapped }
                func nextTask() -> PoolTask? { wrapped.nextTask() }
                func taskCompleted(_ task: PoolTask, reply: ReplyRecord) throws {
                    count += 1
                    try wrapped.taskCompleted(task, reply: reply)
                }
                var isFinished: Bool { wrapped.isFinished }
            }
            let counting = Counting(work)
            try inner.run(counting)
            tasks += counting.count
        }
        var startupSeconds: Double? { nil }
        var helperProcessIDs: [ProcessID] { [] }
        func shutdown() {}
    }

    final class LendingBackend: ExecutionBackend {
        var arenas: [Arena] = []
        var executors: [CountingExecutor] = []
        var settings: [ExecutionSettings] = []
        func makeArena(capacity: Int, availableMemory: Int) throws -> Arena {
            let bytes = Arena.roundedCapacity(capacity)
            let owned = Owned(bytes: bytes)
            let arena = Arena(borrowing: owned.memory, capacity: bytes, owner: owned)
            arenas.append(arena)
            return arena
        }
        func makeExecutor(_ settings: ExecutionSettings, arena: Arena) throws -> ProductExecutor {
            #expect(arenas.contains { $0 === arena }, "the executor gets the backend's own arena")
            self.settings.append(settings)
            let executor = CountingExecutor(arena: arena)
            executors.append(executor)
            return executor
        }
    }

    @Test("gemm: the tiles of every repetition run on the backend's executor, in its borrowed arena, and pass",
          arguments: [Transport.shm, .message])
    func gemm(transport: Transport) throws {
        var config = GemmConfiguration(m: 70, k: 50, n: 90)
        config.workers = 3
        config.transport = transport
        config.split = GridShape(rows: 3, cols: 2)
        config.repetition = RepetitionPolicy(warmups: 1, minRepetitions: 2, minSeconds: 0)
        let backend = LendingBackend()
        let result = try GemmRunner.run(config, on: backend)
        #expect(result.verification.passed)
        #expect(backend.arenas.count == 1 && backend.executors.count == 1)
        #expect(backend.settings.first?.workers == 3 && backend.settings.first?.transport == transport)
        #expect(backend.executors.first?.tasks == 6 * 3, "6 tiles × (1 warm-up + 2 timed runs)")
    }

    @Test("chain: the planned DAG runs on the backend's executor, in its borrowed arena, and passes")
    func chain() throws {
        var config = ChainConfiguration(source: .random(dims: [40, 30, 50, 20, 60], seed: 3))
        config.planner = .optimal
        config.workers = 2
        config.repetition = RepetitionPolicy(warmups: 0, minRepetitions: 1, minSeconds: 0)
        let backend = LendingBackend()
        let result = try ChainRunner.run(config, on: backend)
        #expect(result.verification.passed)
        #expect(backend.arenas.count == 1 && (backend.executors.first?.tasks ?? 0) >= result.plan.steps.count)
    }
}
