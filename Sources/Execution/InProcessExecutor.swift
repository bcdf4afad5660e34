import GemmCore
import ProcessPool
import SystemBoundary

/// Runs each task in the calling process, one after another (`--workers 0`),
/// with the calling process's BLAS threads.
public final class InProcessExecutor: ProductExecutor {
    /// Where `shm` task records point; nil when every task carries its blocks.
    private let arena: Arena?

    public init(arena: Arena?) { self.arena = arena }

    public func run(_ work: TaskSource) throws {
        while let task = work.nextTask() {
            let (a, b, c) = try operands(of: task)
            task.record.kernel.multiply(a, b, into: c, alpha: task.record.alpha, beta: task.record.beta)
            try work.taskCompleted(task, reply: ReplyRecord(status: .done, taskID: task.record.taskID))
        }
        if !work.isFinished { throw PoolError.stalled(outstanding: "the task source is not finished") }
    }

    public var startupSeconds: Double? { nil }
    public var helperProcessIDs: [ProcessID] { [] }
    public func shutdown() {}

    /// The task's blocks, or views of the arena where its record points,
    /// checked against the arena exactly as a worker checks them.
    private func operands(of task: PoolTask) throws -> (MatrixView, MatrixView, MatrixView) {
        if let blocks = task.messageOperands { return (blocks.a, blocks.b, blocks.c) }
        guard let arena else { throw PoolError.rejected(worker: 0, task: task.label, reason: "no arena for an shm task") }
        let record = try TaskRecord.decode(task.record.encoded(), arenaCapacity: arena.capacity)
        func view(_ layout: OperandLayout) -> MatrixView {
            arena.view(offset: layout.offset, rows: layout.rows, cols: layout.cols, leadingDimension: layout.leadingDimension)
        }
        return (view(record.a), view(record.b), view(record.c))
    }
}
