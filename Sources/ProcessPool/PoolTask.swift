import GemmCore

/// A task as the pool hands it out: the record plus what the coordinator needs
/// to keep (a label for error messages; with the `message` transport, the
/// coordinator-side blocks to send and to receive into).
public struct PoolTask: Sendable {
    public var record: TaskRecord
    public var label: String
    public var messageOperands: MessageOperands?

    public struct MessageOperands: Sendable {
        public let a: MatrixView, b: MatrixView, c: MatrixView
        public init(a: MatrixView, b: MatrixView, c: MatrixView) { self.a = a; self.b = b; self.c = c }
    }

    public init(record: TaskRecord, label: String, messageOperands: MessageOperands? = nil) {
        self.record = record
        self.label = label
        self.messageOperands = messageOperands
    }
}

/// Whatever decides what runs next: a fixed list of tiles, or a DAG whose
/// products become ready as their inputs finish.
public protocol TaskSource: AnyObject {
    /// The next task that may start now, or nil when none is ready yet.
    func nextTask() -> PoolTask?
    /// A task finished (for `message`, its C block has already landed).
    func taskCompleted(_ task: PoolTask, reply: ReplyRecord) throws
    /// True when every task has completed.
    var isFinished: Bool { get }
}

/// A list of independent tasks, handed out in order as workers free up.
public final class TaskQueue: TaskSource {
    private var pending: [PoolTask]
    private var next = 0
    private var outstanding: Int

    public init(_ tasks: [PoolTask]) {
        pending = tasks
        outstanding = tasks.count
    }

    public func nextTask() -> PoolTask? {
        guard next < pending.count else { return nil }
        defer { next += 1 }
        return pending[next]
    }

    public func taskCompleted(_ task: PoolTask, reply: ReplyRecord) {
        outstanding -= 1
    }

    public var isFinished: Bool { outstanding == 0 }

    /// Makes the queue hand out the same tasks again (one per repetition).
    public func reset() {
        next = 0
        outstanding = pending.count
    }
}
