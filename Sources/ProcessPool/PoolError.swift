import SystemBoundary
import GemmCore
import Platform
/// Why a pool run stopped. Every case names the worker and, where there is one,
/// the task it held, so a user can tell a crash from a bad record from a hang.
public enum PoolError: Error, CustomStringConvertible {
    case cannotStart(worker: Int, reason: String)
    case diedBeforeReady(worker: Int, pid: ProcessID, status: ExitStatus)
    case startTimeout(worker: Int, seconds: Double)
    case workerDied(worker: Int, pid: ProcessID, status: ExitStatus, task: String)
    /// The task's `ReplyTimeout` expired: the worker is stopped, deadlocked or looping.
    case noReply(worker: Int, pid: ProcessID, task: String, seconds: Double)
    /// The worker closed its reply pipe but did not exit; the coordinator killed it.
    case hungUp(worker: Int, pid: ProcessID, task: String)
    case rejected(worker: Int, task: String, reason: String)
    case badReply(worker: Int, task: String, reason: String)
    case io(worker: Int, task: String, error: Errno)
    case stalled(outstanding: String)

    public var description: String {
        switch self {
        case .cannotStart(let w, let reason):
            return "worker \(w) could not be started: \(reason)"
        case .diedBeforeReady(let w, let pid, let status):
            return "worker \(w) (\(pid)) \(status) before it was ready\(Self.libraryNote)"
        case .startTimeout(let w, let seconds):
            return "worker \(w) did not report ready within \(seconds) s"
        case .workerDied(let w, let pid, let status, let task):
            return "worker \(w) (\(pid)) \(status) while running task \(task)\(Self.libraryNote)"
        case .noReply(let w, let pid, let task, let seconds):
            return "worker \(w) (\(pid)) sent no reply within \(secondsText(seconds)) for task \(task); all workers were killed"
        case .hungUp(let w, let pid, let task):
            return "worker \(w) (\(pid)) closed its reply pipe during task \(task) without exiting; the coordinator killed it"
        case .rejected(let w, let task, let reason):
            return "worker \(w) rejected task \(task): \(reason)"
        case .badReply(let w, let task, let reason):
            return "worker \(w) sent a bad reply for task \(task): \(reason)"
        case .io(let w, let task, let error):
            return "lost contact with worker \(w) during task \(task): \(error)"
        case .stalled(let what):
            return "no task can start and none is running (\(what))"
        }
    }

    /// ", computing with BLAS library NAME (PATH)" when `--blas` loaded one: a
    /// worker that dies inside a product most likely died inside that library.
    static var libraryNote: String {
        guard let library = BLAS.library else { return "" }
        let name = library.spec.name == library.path ? library.path : "\(library.spec.name) (\(library.path))"
        return ", computing with BLAS library \(name)"
    }
}
