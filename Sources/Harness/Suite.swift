import Vocabulary

/// A benchmark suite read from a `.suite` file (format: Benchmarks/README.md).
///
/// A suite is a list of grids (`GemmGrid`, `ChainGrid`, `MPIGrid`), each the
/// cross product of its keys' values; each grid expands its own configurations
/// and references, and the sweep runs their union (`SweepPlan`).
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
    /// The `[mpi]` and `[mpi-chain]` grids, in file order.
    let mpiGrids: [MPIGrid]

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
