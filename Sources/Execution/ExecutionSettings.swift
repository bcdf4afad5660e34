import ProcessPool
import SystemBoundary

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

    public init() {}

    /// The executor these settings describe, started and ready.
    /// - Parameter arena: the shared memory `shm` tasks address (workers attach it).
    /// - Parameter executable: the gemmbench binary workers are started from.
    public func makeExecutor(arena: Arena, executable: String) throws -> ProductExecutor {
        if workers == 0 { return InProcessExecutor(arena: arena) }
        return try WorkerPool(count: workers, threads: threads, arena: arena, executable: executable,
                              replyTimeout: replyTimeout)
    }
}
