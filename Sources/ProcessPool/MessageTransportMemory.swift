/// The memory the `message` transport adds on top of the operands, for the
/// pre-check that refuses a run the machine cannot hold.
///
/// Each worker keeps a grow-only scratch for A, B and C of the largest task it
/// has run (`WorkerLoop`), and the coordinator keeps one staging buffer for the
/// blocks it sends or receives (`MessageStaging`), at most the same size. So,
/// with the largest task m×k·k×n over `tasks` tasks on `workers` workers:
///
///     bytes = (min(workers, tasks) + 1) · 8 · (m·k + k·n + m·n)
public enum MessageTransportMemory {
    /// nil when the count overflows Int (then no machine can hold it).
    public static func bytes(largestTask: (m: Int, k: Int, n: Int), workers: Int, tasks: Int) -> Int? {
        let (m, k, n) = largestTask
        guard let perHolder = TaskRecord.packedBytes(m: m, k: k, n: n, includingC: true) else { return nil }
        let (total, overflow) = perHolder.multipliedReportingOverflow(by: min(workers, tasks) + 1)
        return overflow ? nil : total
    }
}
