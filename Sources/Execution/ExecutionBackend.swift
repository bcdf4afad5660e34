import ProcessPool
import SystemBoundary

/// Where a run's products are computed: it makes the arena the operands live
/// in and the executor that multiplies them, so the gemm and chain runners
/// are the same code whoever multiplies.
///
/// - `ProcessBackend`: this machine's processes (a memfd arena; this process or a worker pool).
/// - gemmbench-mpi's `MPIBackend`: MPI ranks (an MPI-3 shared window as the arena with `shm`).
public protocol ExecutionBackend {
    /// An arena of at least `capacity` bytes (`Arena.roundedCapacity`) that the
    /// executor's workers address by offset; `Arena.TooLarge` when it exceeds
    /// `availableMemory`.
    func makeArena(capacity: Int, availableMemory: Int) throws -> Arena
    /// The executor `settings` describe, started and ready, over `arena`.
    func makeExecutor(_ settings: ExecutionSettings, arena: Arena) throws -> ProductExecutor
}

/// This machine's processes: a memfd arena, and `ExecutionSettings.makeExecutor`
/// (this process, or workers started from `executable`).
public struct ProcessBackend: ExecutionBackend {
    /// The gemmbench binary workers are started from.
    public let executable: String

    public init(executable: String = "/proc/self/exe") { self.executable = executable }

    public func makeArena(capacity: Int, availableMemory: Int) throws -> Arena {
        try Arena(capacity: capacity, availableMemory: availableMemory)
    }

    public func makeExecutor(_ settings: ExecutionSettings, arena: Arena) throws -> ProductExecutor {
        try settings.makeExecutor(arena: arena, executable: executable)
    }
}
