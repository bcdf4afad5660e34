/// Test hooks, read once from `GEMMBENCH_FAULT`, that make the failure paths
/// reachable on demand: the tests must see a verification FAIL and a worker
/// dying mid-task without relying on luck. Unset in normal runs.
public enum FaultInjection: String, Sendable {
    case none
    /// The coordinator adds 1 to C[0][0] after the last repetition: verification must FAIL.
    case corruptResult = "corrupt-result"
    /// A worker exits (status 7) on receiving its second task, mid-run.
    case workerExit = "worker-exit"

    public static let current: FaultInjection = {
        guard let value = ProcessEnvironment()["GEMMBENCH_FAULT"] else { return .none }
        return FaultInjection(rawValue: value) ?? .none
    }()

    /// Applies `corrupt-result` to a finished product (C[0][0] += 1), so its
    /// verification must FAIL; does nothing otherwise.
    public static func corruptIfRequested(_ c: MatrixView) {
        if current == .corruptResult, c.rows > 0, c.cols > 0 { c[0, 0] += 1 }
    }
}
