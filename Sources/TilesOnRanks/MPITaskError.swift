/// Why rank 0 stopped a `--algorithm tiles` run: every case names the rank and
/// the task. (A rank that dies is mpirun's to report: it ends the whole job.)
public enum MPITaskError: Error, CustomStringConvertible {
    /// The task's `ReplyTimeout` passed without a reply: the rank hangs.
    case noReply(rank: Int, task: String, seconds: Double)
    case rejected(rank: Int, task: String, reason: String)
    case badReply(rank: Int, task: String, reason: String)
    /// A serving rank got a message it cannot read as a command.
    case badCommand(rank: Int, reason: String)
    case stalled

    public var description: String {
        switch self {
        case .noReply(let rank, let task, let seconds):
            return "rank \(rank) sent no reply within \(seconds) s for task \(task)"
        case .rejected(let rank, let task, let reason):
            return "rank \(rank) rejected task \(task): \(reason)"
        case .badReply(let rank, let task, let reason):
            return "rank \(rank) sent a bad reply for task \(task): \(reason)"
        case .badCommand(let rank, let reason):
            return "rank \(rank) got a bad command from rank 0: \(reason)"
        case .stalled:
            return "no task can start and none is running (the task source is not finished)"
        }
    }
}
