import ProcessPool
import SystemBoundary

/// Runs a DAG of tile products on operands: the one interface the gemm and
/// chain runners use to get work done, whoever does it.
///
/// The work is a `TaskSource`: it hands out tile products (C ← alpha·A·B + beta·C)
/// whose inputs are ready and is told when each has finished, so the same
/// interface runs a fixed list of tiles and a chain whose products depend on
/// each other. Operands are addressed as the task records say: by offset into
/// the shared `Arena` (the `shm` transport), or as blocks the coordinator holds
/// (`PoolTask.messageOperands`, the `message` transport).
///
/// Implementations (an `ExecutionBackend` makes one, with its arena):
/// - `InProcessExecutor`: the calling process multiplies, one task after another.
/// - `WorkerPool`: worker processes on one machine, sharing the arena.
/// - gemmbench-mpi's `MPITaskExecutor` (`--algorithm tiles`): MPI ranks
///   instead of workers, rank 0 included; the arena is an MPI-3 shared window
///   of the node (`shm`, offsets keep their meaning), or the message
///   transport's blocks are sent to the ranks and back (across nodes).
///   Nothing above this protocol changes for it.
public protocol ProductExecutor: AnyObject {
    /// Runs every task `work` hands out until `work.isFinished`. On failure
    /// nothing is left running and the error says which task failed and why.
    func run(_ work: TaskSource) throws
    /// Seconds it took to make the executor ready (start processes); nil when
    /// there was nothing to start.
    var startupSeconds: Double? { get }
    /// The processes besides this one that hold the operands (for memory totals).
    var helperProcessIDs: [ProcessID] { get }
    /// Stops whatever was started; idempotent.
    func shutdown()
}

extension WorkerPool: ProductExecutor {
    public var helperProcessIDs: [ProcessID] { pids }
}
