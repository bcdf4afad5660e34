/// A benchmark suite read from a `.suite` file (format: Benchmarks/README.md).
///
/// A suite is a list of grids. Every `[gemm]` grid is the cross product
/// sizes × kernels × workers × threads × transports; every `[chain]` grid is
/// presets × planners × workers × threads × transports. The sweep runs the
/// union of all grids plus the reference configurations (see `SweepPlan`).
struct Suite: Equatable {
    /// The file name without `.suite`, e.g. "quick".
    let name: String
    let path: String
    /// The file's text, copied into env.json so a run records what it ran.
    let text: String

    /// Each configuration: a warm-up, then repeats until at least `minReps`
    /// runs AND at least `minSeconds` seconds (the binary's `--repeat`/`--min-time`).
    let minReps: Int
    let minSeconds: Double
    /// A child still running after this long is killed and recorded as an error.
    let timeoutSeconds: Double
    /// The pure-Swift single-process reference runs at gemm sizes ≤ this (nil: all sizes).
    let swiftReferenceMaxSize: Int?

    let gemmGrids: [GemmGrid]
    let chainGrids: [ChainGrid]

    struct GemmGrid: Equatable {
        let sizes: [Int]
        let kernels: [String]
        let workers: [Int]
        let threads: [Int]
        let transports: [String]
    }

    struct ChainGrid: Equatable {
        let presets: [String]
        let planners: [String]
        let workers: [Int]
        let threads: [Int]
        let transports: [String]
    }

    static let kernels = ["blas", "swift", "naive"]
    static let planners = ["left", "optimal", "tree", "parallel"]
    static let transports = ["shm", "message"]
    static let defaultTimeoutSeconds = 900.0
}
