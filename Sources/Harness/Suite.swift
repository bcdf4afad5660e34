import Vocabulary

/// A benchmark suite read from a `.suite` file (format: Benchmarks/README.md).
///
/// A suite is a list of grids. Every `[gemm]` grid is the cross product
/// sizes × kernels × workers × threads × transports; every `[chain]` grid is
/// presets × planners × workers × threads × transports; every `[mpi]` grid is
/// sizes × algorithms × ranks × threads × node splits × grids, and every
/// `[mpi-chain]` grid presets × planners × algorithms × ranks × threads × node
/// splits × grids. The sweep runs the union of all grids plus the reference
/// configurations (see `SweepPlan`).
struct Suite: Equatable {
    /// The file name without `.suite`, e.g. "quick".
    let name: String
    let path: String
    /// The file's text, copied into env.json so a run records what it ran.
    let text: String

    /// Each configuration runs once per round, in a fresh shuffled order per
    /// round; its samples pool across rounds (key `rounds`, default 3).
    let rounds: Int
    /// In each round: a warm-up, then repeats until at least `minReps` runs AND
    /// at least `minSeconds` seconds (the binary's `--repeat`/`--min-time`).
    /// rounds × minReps must reach 6, the fewest samples with a 95 % CI.
    let minReps: Int
    let minSeconds: Double
    /// Noise control (`NoiseRule`): a row whose CI half-width exceeds this
    /// fraction of its median is noisy (key `noisy_ci`, default 0.05) …
    let noisyCI: Double
    /// … and noisy rows (with their references) get up to this many extra
    /// rounds (key `max_extra_rounds`, default 2).
    let maxExtraRounds: Int
    /// A child still running after this long is killed and recorded as an error.
    let timeoutSeconds: Double
    /// The pure-Swift single-process reference runs at gemm sizes ≤ this (nil: all sizes).
    let swiftReferenceMaxSize: Int?

    let gemmGrids: [GemmGrid]
    let chainGrids: [ChainGrid]
    var mpiGrids: [MPIGrid] = []
    var mpiChainGrids: [MPIChainGrid] = []

    struct GemmGrid: Equatable {
        let sizes: [Int]
        let kernels: [Kernel]
        let workers: [Int]
        /// `workers = …, auto`: also `--workers auto` (which chooses the threads too).
        var workersAuto = false
        let threads: [Int]
        let transports: [Transport]
        /// `blas = …`: the libraries its `blas` kernel runs on, nil the linked OpenBLAS (the default).
        var libraries: [String?] = [nil]
    }

    struct ChainGrid: Equatable {
        let presets: [String]
        let planners: [PlannerKind]
        let workers: [Int]
        let threads: [Int]
        let transports: [Transport]
        /// `blas = …`, as in `GemmGrid`.
        var libraries: [String?] = [nil]
    }

    /// gemm on MPI ranks: `mpirun [mpirunArguments] -np R gemmbench-mpi gemm …`.
    struct MPIGrid: MPILaunchGrid, Equatable {
        let sizes: [Int]
        let ranks: [Int]
        let algorithms: [MPIAlgorithm]
        let nodeSplits: [MPILaunch.NodeSplit]
        /// BLAS threads per rank.
        let threads: [Int]
        /// `--grid PxQ` values; nil lets gemmbench-mpi choose the most square grid.
        let grids: [String]?
        /// Key `mpirun_args`, split at spaces and tabs (no quoting: one word per argument).
        let mpirunArguments: [String]
    }

    /// Chains on MPI ranks: `mpirun [mpirunArguments] -np R gemmbench-mpi chain
    /// --preset P --planner L …`; the launch keys mean what they mean in `MPIGrid`.
    struct MPIChainGrid: MPILaunchGrid, Equatable {
        let presets: [String]
        /// Among `MPILaunch.chainPlanners`.
        let planners: [PlannerKind]
        let ranks: [Int]
        /// Among `MPILaunch.chainAlgorithms`.
        let algorithms: [MPIAlgorithm]
        let nodeSplits: [MPILaunch.NodeSplit]
        let threads: [Int]
        let grids: [String]?
        let mpirunArguments: [String]
    }

    static let defaultTimeoutSeconds = 900.0
    static let defaultRounds = 3
    static let defaultMaxExtraRounds = 2
    /// The fewest rounds whose spread gives a round-level 95 % CI with some strength
    /// (`RoundInterval`: t(0.975; 2) = 4.3).
    static let minimumRoundsForInterval = 3

    /// The keys allowed before the first section.
    static let topLevelKeys = ["rounds", "min_reps", "min_seconds", "timeout_seconds", "swift_reference_max_size",
                               "noisy_ci", "max_extra_rounds"]
}

/// The launch keys an `[mpi]` and an `[mpi-chain]` section share: on how many
/// ranks, with which algorithm and node split, on which grids, launched how.
protocol MPILaunchGrid {
    var ranks: [Int] { get }
    var algorithms: [MPIAlgorithm] { get }
    var nodeSplits: [MPILaunch.NodeSplit] { get }
    var grids: [String]? { get }
    var mpirunArguments: [String] { get }
}

extension MPILaunchGrid {
    /// Every launch of the grid: algorithms × ranks × node splits × grids (none
    /// given: gemmbench-mpi's most square one).
    var launches: [MPILaunch] {
        algorithms.flatMap { algorithm in
            ranks.flatMap { ranks in
                nodeSplits.flatMap { split in
                    (grids.map { $0.map(Optional.some) } ?? [nil]).map { grid in
                        MPILaunch(ranks: ranks, algorithm: algorithm, nodeSplit: split, grid: grid)
                    }
                }
            }
        }
    }
}
