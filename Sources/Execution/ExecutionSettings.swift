import GemmCore
import ProcessPool
import SystemBoundary
import Platform
import Vocabulary

/// Who multiplies: how many worker processes (0 = this process), with how
/// many BLAS threads each, and how operands reach them.
public struct ExecutionSettings: Sendable {
    /// 0 = single process (the coordinator multiplies itself).
    public var workers = 0
    /// BLAS threads per process (per worker when workers > 0).
    public var threads = 1
    public var transport: Transport = .shm
    /// How long each worker reply may take (`--task-timeout`).
    public var replyTimeout: ReplyTimeout = .scaledToTask
    /// Where workers may run (`--bind`); see `WorkerPlacement`.
    public var binding: Binding = .standard

    public init() {}

    /// The executor these settings describe, started and ready.
    /// - Parameter arena: the shared memory `shm` tasks address (workers attach it).
    /// - Parameter executable: the gemmbench binary workers are started from.
    public func makeExecutor(arena: Arena, executable: String) throws -> ProductExecutor {
        if workers == 0 { return InProcessExecutor(arena: arena) }
        let usable = try affinity()
        let workerSets = cpuSets(usable: usable)
        return try WorkerPool(count: workers, threads: threads, arena: arena, executable: executable,
                              replyTimeout: replyTimeout, cpuSets: workerSets,
                              coordinatorCPUs: workerSets.flatMap { WorkerPlacement.coordinatorCPUs(usable: usable, workerSets: $0) })
    }

    /// Each worker's CPUs under `binding`, from the CPUs this process may use (`usable`) and
    /// the sockets sysfs reports (all on socket 0 where it reports none).
    func cpuSets(usable: [Int]) -> [[Int]]? {
        guard binding != .none else { return nil }
        let topology = CPUTopology.current()
        let sockets = Dictionary(topology?.cpus.map { ($0.id, $0.socket) } ?? [], uniquingKeysWith: { first, _ in first })
        let sets = WorkerPlacement.cpuSets(binding, workers: workers, threads: threads,
                                           usable: usable, socketOf: { sockets[$0] ?? 0 })
        // The test hook that breaks placement on purpose (`FaultInjection.bindCPU0`).
        guard FaultInjection.current == .bindCPU0, let first = usable.min() else { return sets }
        return sets.map { $0.map { _ in [first] } }
    }
}
