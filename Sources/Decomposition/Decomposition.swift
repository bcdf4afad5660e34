import Vocabulary

/// How one product is spread over the machine: P worker processes (0: the
/// coordinator alone) × T BLAS threads each, and the tile grid of C when split.
public struct Decomposition: Hashable, Sendable, CustomStringConvertible {
    /// 0 = one process, no workers.
    public let workers: Int
    public let threads: Int
    /// The tile grid (rows × columns of C); nil = the runner's default grid for P.
    public let split: GridShape?

    public init(workers: Int, threads: Int, split: GridShape? = nil) {
        self.workers = workers
        self.threads = threads
        self.split = split
    }

    /// "2 workers × 1 thread, split 2x1", "one process × 2 threads".
    public var description: String {
        let threadText = "\(threads) thread\(threads == 1 ? "" : "s")"
        guard workers > 0 else { return "one process × \(threadText)" }
        var text = "\(workers) worker\(workers == 1 ? "" : "s") × \(threadText)"
        if let split { text += ", split \(split)" }
        return text
    }

    /// Processes × threads: the cores it keeps busy.
    public var width: Int { max(workers, 1) * threads }
}
