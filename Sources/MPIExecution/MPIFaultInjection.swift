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

    static let current: MPIFaultInjection = {
        guard let value = ProcessEnvironment()["GEMMBENCH_FAULT"] else { return .none }
        return MPIFaultInjection(rawValue: value) ?? .none
    }()

    /// Applies `kill-rank` when this is the last rank's `product`-th product (warm-up included).
    static func killIfRequested(rank: Int, size: Int, product: Int) {
        guard current == .killRank, size > 1, rank == size - 1, product == killedProduct else { return }
        raise(SIGKILL)
    }

    /// The warm-up and one timed product complete first.
    static let killedProduct = 3
}
