/// Why a reply does not finish the task it answers: the one rule the worker
/// pool and the MPI ranks' executor both judge replies by.
public enum ReplyMismatch: Equatable, Sendable {
    /// The worker refused the task record; its message says why.
    case rejected(reason: String)
    /// A `ready` record where a task's reply belongs.
    case ready
    /// Some other part is wrong: another task's id, or the wrong payload size.
    case bad(reason: String)
}

extension ReplyRecord {
    /// Nil when this reply finishes `task`: `done`, for this task's id, with
    /// exactly the payload its transport implies (the C block's m·n·8 bytes
    /// with `message`, nothing with `shm`).
    public func mismatch(for task: PoolTask) -> ReplyMismatch? {
        switch status {
        case .rejected: return .rejected(reason: message)
        case .ready: return .ready
        case .done:
            guard taskID == task.record.taskID else {
                return .bad(reason: "task id \(taskID), expected \(task.record.taskID)")
            }
        }
        let expected = task.messageOperands.map { $0.c.rows * $0.c.cols * 8 } ?? 0
        guard payloadBytes == expected else {
            return .bad(reason: "payload of \(payloadBytes) bytes, expected \(expected)")
        }
        return nil
    }
}
