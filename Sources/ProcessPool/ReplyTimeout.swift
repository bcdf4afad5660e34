/// How long the coordinator waits for each task's reply before it declares the
/// worker hung, kills every worker and ends the run (`--task-timeout S`).
public enum ReplyTimeout: Sendable, Equatable {
    /// The same limit for every task.
    case seconds(Double)
    /// Long enough for the task at a pessimistic rate:
    ///
    ///     seconds = floorSeconds + safetyFactor · (2·m·k·n / pessimisticFlopsPerSecond
    ///                                              + payload bytes / pessimisticBytesPerSecond)
    ///
    /// where the payload is what the `message` transport moves both ways (0 for shm).
    /// E.g. a 2048×4096·4096×4096 tile (68.7 GFLOP) gets 10 + 8 · 1374 ≈ 11 000 s:
    /// the limit only has to catch a worker that will never answer.
    case scaledToTask

    /// The naive kernel of a debug build measured 0.07 GFLOP/s at n = 256 here;
    /// 0.05 leaves room for larger, cache-unfriendly shapes.
    public static let pessimisticFlopsPerSecond = 5e7
    /// Far below any pipe on this machine class (GB/s).
    public static let pessimisticBytesPerSecond = 1e8
    /// For several workers sharing one busy core.
    public static let safetyFactor = 8.0
    /// Covers process scheduling and page faults on tiny tasks.
    public static let floorSeconds = 10.0

    /// The limit for `record`'s reply.
    public func seconds(for record: TaskRecord) -> Double {
        switch self {
        case .seconds(let seconds):
            return seconds
        case .scaledToTask:
            let flops = 2 * Double(record.m) * Double(record.k) * Double(record.n)
            let payload = record.transport == .message
                ? Double(record.payloadBytesToWorker ?? 0) + 8 * Double(record.m) * Double(record.n) : 0
            return Self.floorSeconds + Self.safetyFactor
                * (flops / Self.pessimisticFlopsPerSecond + payload / Self.pessimisticBytesPerSecond)
        }
    }
}

/// "2 s", "0.5 s": a limit as the user gave it, without a trailing ".0".
func secondsText(_ seconds: Double) -> String {
    seconds == seconds.rounded() && abs(seconds) < 1e15 ? "\(Int(seconds)) s" : "\(seconds) s"
}
