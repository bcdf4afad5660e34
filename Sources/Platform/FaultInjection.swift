import SystemBoundary

/// Test hooks, read once from `GEMMBENCH_FAULT`, that make the failure paths
/// reachable on demand: the tests must see a verification FAIL and a worker
/// dying mid-task without relying on luck. Unset in normal runs.
public enum FaultInjection: String, Sendable {
    case none
    /// The coordinator adds 1 to C[0][0] after the last repetition: verification must FAIL.
    case corruptResult = "corrupt-result"
    /// A worker exits (status 7) on receiving its second task, mid-run.
    case workerExit = "worker-exit"
    /// A worker stops answering at its second task (sleeps forever): the reply deadline must end the run.
    case workerHang = "worker-hang"
    /// A worker raises SIGSEGV at its second task.
    case workerSegfault = "worker-segv"
    /// A worker raises SIGBUS at its second task.
    case workerBusError = "worker-sigbus"
    /// A worker writes half of its second reply, then exits with status 0.
    case halfReply = "half-reply"
    /// A worker answers its second task with another task's id.
    case wrongTaskReply = "wrong-task-reply"
    /// A worker answers its second task with a second "ready" record.
    case secondReady = "second-ready"
    /// A worker closes its reply pipe at its second task but stays alive.
    case closeReplies = "close-replies"

    /// The coordinator stops (sleeps) after writing `--output`'s temporary and
    /// before syncing it, so a test can interrupt it there.
    case stallOutput = "stall-output"

    /// The faults a worker acts out at its second task (the others act in the coordinator).
    public var isWorkerFault: Bool { ![.none, .corruptResult, .stallOutput].contains(self) }

    public static let current: FaultInjection = {
        guard let value = ProcessEnvironment()["GEMMBENCH_FAULT"] else { return .none }
        return FaultInjection(rawValue: value) ?? .none
    }()
}
