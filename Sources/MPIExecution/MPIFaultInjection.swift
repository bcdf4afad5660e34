import GemmCore
import Glibc
import SystemBoundary

/// Test hooks for gemmbench-mpi, read from `GEMMBENCH_FAULT` like GemmCore's
/// `FaultInjection` (whose `corrupt-result` gemmbench-mpi honours too).
enum MPIFaultInjection: String {
    case none
    /// The job's last rank kills itself with SIGKILL in the second timed product
    /// (`--algorithm tiles`: as its third task arrives): a rank that dies
    /// mid-run, as an OOM kill or a node crash would.
    case killRank = "kill-rank"
    /// `--algorithm tiles`: the job's last rank stops answering (sleeps until
    /// killed) as its third task arrives: a rank that hangs, which rank 0 must
    /// notice by the task's deadline (`--task-timeout`).
    case hangRank = "hang-rank"

    static let current: MPIFaultInjection = {
        guard let value = ProcessEnvironment()["GEMMBENCH_FAULT"] else { return .none }
        return MPIFaultInjection(rawValue: value) ?? .none
    }()

    /// Applies `kill-rank` when this is the last rank's `product`-th product (warm-up included).
    static func killIfRequested(rank: Int, size: Int, product: Int) {
        guard current == .killRank, size > 1, rank == size - 1, product == killedProduct else { return }
        raise(SIGKILL)
    }

    /// Applies `hang-rank` when this is the last rank's `task`-th task.
    static func hangIfRequested(rank: Int, size: Int, task: Int) {
        guard current == .hangRank, size > 1, rank == size - 1, task == killedProduct else { return }
        sleepForever()
    }

    /// The warm-up and one timed product complete first.
    static let killedProduct = 3
}
