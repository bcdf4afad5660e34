import Statistics
import SystemBoundary

/// Test hooks, read once from `GEMMBENCH_FAULT`, that make the failure paths
/// reachable on demand: the tests must see a verification FAIL and a worker
/// dying mid-task without relying on luck. Unset in normal runs.
public enum FaultInjection: String, Sendable {
    case none
    /// The coordinator adds 1 to C[0][0] after the last repetition: verification must FAIL.
    /// `corrupt-result:REL[:SEED]` instead adds REL·max|Y| to one entry at a
    /// position drawn from SEED (default 1), to measure the check's power (`relativeCorruption`).
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

    /// Placement broken on purpose: every pinned worker goes to the first usable
    /// CPU, whatever `--bind` asked for. The emulated-NUMA checks
    /// (`make numa-check NUMA_CHECK_BREAK=bind-cpu0`) must fail on it.
    case bindCPU0 = "bind-cpu0"
    /// Memory placement broken on purpose: the first-touch pass is skipped, so
    /// A's pages land wherever the coordinator's fill runs. The emulated-NUMA
    /// first-touch check (`NUMA_CHECK_BREAK=skip-first-touch`) must fail on it.
    case skipFirstTouch = "skip-first-touch"

    /// The faults a worker acts out at its second task (the others act in the coordinator).
    public var isWorkerFault: Bool { ![.none, .corruptResult, .stallOutput, .bindCPU0, .skipFirstTouch].contains(self) }

    public static let current: FaultInjection = {
        guard let value = ProcessEnvironment()["GEMMBENCH_FAULT"] else { return .none }
        if RelativeCorruption(hookValue: value) != nil { return .corruptResult }
        return FaultInjection(rawValue: value) ?? .none
    }()

    /// The `corrupt-result:REL[:SEED]` form of the hook, nil for plain `corrupt-result`.
    public static let relativeCorruption: RelativeCorruption? = ProcessEnvironment()["GEMMBENCH_FAULT"]
        .flatMap(RelativeCorruption.init(hookValue:))
}

/// An error of REL·max|Y| added to the entry of Y that SEED picks.
public struct RelativeCorruption: Sendable, Equatable {
    public let relative: Double
    public let seed: UInt64

    public init(relative: Double, seed: UInt64) {
        self.relative = relative
        self.seed = seed
    }

    /// Parses `corrupt-result:REL` or `corrupt-result:REL:SEED` (REL finite, SEED a whole number).
    public init?(hookValue value: String) {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0] == "corrupt-result",
              let relative = Double(parts[1]), relative.isFinite else { return nil }
        var seed: UInt64 = 1
        if parts.count == 3 {
            guard let given = UInt64(parts[2]) else { return nil }
            seed = given
        }
        self.init(relative: relative, seed: seed)
    }

    /// The entry (row, column) of a rows×cols result that the seed picks: the
    /// first SplitMix64 output of the seed gives the row, the first output seeded
    /// with that the column, so every rank of an MPI job agrees.
    public func position(rows: Int, cols: Int) -> (row: Int, col: Int) {
        var forRow = SplitMix64(seed: seed)
        let first = forRow.next()
        var forColumn = SplitMix64(seed: first)
        let second = forColumn.next()
        return (Int(first % UInt64(max(rows, 1))), Int(second % UInt64(max(cols, 1))))
    }
}
