import GemmCore
import ProcessPool
import Vocabulary

/// Memory placement: the arena pages of a worker's operands are first touched
/// — and so, under Linux's default first-touch policy, placed on the NUMA
/// node — by the worker that will use them, not by the coordinator.
///
/// Policy: before the coordinator fills the operands, each worker zeroes the
/// regions it will work on (its tiles of C and the row panels of A behind
/// them); the coordinator's later fill writes into pages already placed. B,
/// which every worker reads, stays where the coordinator's fill puts it.
/// Tile t goes to worker t mod P: the worker that dispatch gives it in the
/// first round (all workers start idle and are served in order); tiles past
/// the first P go to whichever worker frees up first, so for them the
/// placement is a best guess. Chains are not placed: their regions are reused
/// by products on any worker.
///
/// It runs only where it can matter (`isWanted`): more than one NUMA node and
/// pinned workers. On a one-node machine it is skipped entirely and costs nothing.
public enum FirstTouch {
    public static func isWanted(numaNodes: Int, workers: Int, binding: Binding, transport: Transport) -> Bool {
        numaNodes > 1 && workers > 0 && binding != .none && transport == .shm
    }

    /// Round r holds one task per worker, task w zeroing the r-th of
    /// `regions[w]` (an empty task where worker w has fewer regions), so that
    /// running each round as one batch hands task w to worker w.
    public static func rounds(_ regions: [[OperandLayout]]) -> [[PoolTask]] {
        let count = regions.map(\.count).max() ?? 0
        var taskID: UInt64 = 0
        return (0..<count).map { round in
            regions.enumerated().map { worker, list in
                defer { taskID += 1 }
                let region = round < list.count ? list[round] : OperandLayout(offset: 0, rows: 0, cols: 0, leadingDimension: 1)
                return zeroing(region, taskID: taskID, label: "first touch of worker \(worker)'s region \(round)")
            }
        }
    }

    /// C ← 0·A·B + 0·C with k = 0: dgemm only applies beta, so the worker
    /// writes zeros over `region` and reads nothing.
    static func zeroing(_ region: OperandLayout, taskID: UInt64, label: String) -> PoolTask {
        PoolTask(record: TaskRecord(
            taskID: taskID, kernel: .blas, transport: .shm,
            a: OperandLayout(offset: region.offset, rows: region.rows, cols: 0, leadingDimension: 1),
            b: OperandLayout(offset: region.offset, rows: 0, cols: region.cols, leadingDimension: max(region.cols, 1)),
            c: region, alpha: 0, beta: 0), label: label)
    }

    /// Runs the rounds one after another on `executor`.
    public static func run(_ rounds: [[PoolTask]], on executor: ProductExecutor) throws {
        for round in rounds { try executor.run(TaskQueue(round)) }
    }
}
