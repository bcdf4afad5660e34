import Execution
import GemmCore
import ProcessPool
import Vocabulary

/// Everything that defines one measured `gemm` configuration.
public struct GemmConfiguration: Sendable, ExecutedConfiguration {
    public var m: Int, k: Int, n: Int
    public var kernel: Kernel = .blas
    /// 0 = single process (the coordinator multiplies itself).
    public var workers: Int = 0
    /// BLAS threads per process (per worker when workers > 0).
    public var threads: Int = 1
    public var transport: Transport = .shm
    /// How long each worker reply may take (`--task-timeout`).
    public var replyTimeout: ReplyTimeout = .scaledToTask
    /// Where workers may run (`--bind`).
    public var binding: Binding = .standard
    /// nil = `TileGrid.defaultGrid` for the worker count.
    public var split: GridShape?
    public var repetition = RepetitionPolicy()
    public var seed: UInt64 = 42

    public init(m: Int, k: Int, n: Int) {
        self.m = m; self.k = k; self.n = n
    }

    /// Useful flops of the product: 2·m·k·n.
    public var flops: Double { 2 * Double(m) * Double(k) * Double(n) }

    /// Bytes of A, B and C.
    public var operandBytes: Int { 8 * (m * k + k * n + m * n) }
}

/// What a measured configuration produced.
public struct GemmResult: Sendable {
    public let configuration: GemmConfiguration
    public let grid: TileGrid?
    public let stats: TimingStats
    public let verification: Verification.Outcome
    /// Seconds to start the worker pool (not part of `stats`); nil single-process.
    public let poolStartupSeconds: Double?
    /// Arena bytes mapped (shm transport); nil otherwise.
    public let arenaBytes: Int?
    /// Σ PSS of the coordinator and its workers after the last repetition
    /// (shared pages counted once); nil if /proc could not be read.
    public let memoryBytes: Int?
    public var gflops: Double { configuration.flops / stats.median / 1e9 }
}
