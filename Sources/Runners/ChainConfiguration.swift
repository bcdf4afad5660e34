import ChainPlanning
import Execution
import GemmCore
import NumpyIO
import ProcessPool
import Vocabulary

/// Everything that defines one measured `chain` run.
public struct ChainConfiguration: Sendable, ExecutedConfiguration {
    /// Where the factors come from.
    public enum Source: Sendable {
        /// Random factors for d0…dk, factor i filled from seed + i.
        case random(dims: [Int], seed: UInt64)
        /// Factors read from validated .npy files (see `Npy.readHeader` / `Npy.checkChain`).
        case files([NpyHeader])
    }

    public var source: Source
    /// The preset name when the dims came from `--preset` (for reports only).
    public var presetName: String?
    public var planner: PlannerKind = .optimal
    /// 0 = single process.
    public var workers = 0
    public var threads = 1
    public var transport: Transport = .shm
    /// How long each worker reply may take (`--task-timeout`).
    public var replyTimeout: ReplyTimeout = .scaledToTask
    /// Where workers may run (`--bind`).
    public var binding: Binding = .standard
    public var repetition = RepetitionPolicy()
    /// Written atomically after the last repetition, when set.
    public var outputPath: String?

    public init(source: Source) { self.source = source }

    public var dims: [Int] {
        switch source {
        case .random(let dims, _): return dims
        case .files(let headers): return headers.isEmpty ? [] : [headers[0].rows] + headers.map(\.cols)
        }
    }
}

/// What a measured chain produced.
public struct ChainResult: Sendable {
    public let configuration: ChainConfiguration
    public let plan: ChainPlan
    public let stats: TimingStats
    public let verification: Verification.Outcome
    /// Highest arena offset ever used: factors plus the most intermediate space live at once.
    public let peakArenaBytes: Int
    /// Bytes of the factors alone.
    public let factorBytes: Int
    /// What the intermediates would take if none were ever reused.
    public let intermediateBytesWithoutReuse: Int
    public let poolStartupSeconds: Double?
    /// Which cost model planned the chain (and estimated its time).
    public let costModelSource: CostModelSource
    /// Set when `SmallChainRule` ran the chain in one process instead of on the workers: why.
    public var oneProcessReason: String? = nil
    public var gflops: Double { plan.totalFlops / stats.median / 1e9 }
}
