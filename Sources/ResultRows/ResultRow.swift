import Vocabulary

/// One measured configuration: a line of `--csv` output and of a sweep's raw.csv.
///
/// The column list is the CSV contract (README.md, "CSV"); `ResultRow.coreColumns`
/// and `extensionColumns` (ResultRow+Columns.swift) declare each column once.
/// Unused fields are `nil` and print as empty cells. gemmbench-mpi's rows are
/// this type too, with `backend` = `mpi`.
public struct ResultRow: Equatable, Sendable {
    public var op: Op
    public var m: Int?
    public var k: Int?
    public var n: Int?
    public var dims: [Int]?            // chain dims, printed joined by "x"
    public var kernel: Kernel?
    public var workers: Int
    public var threads: Int
    public var transport: Transport?
    public var split: String?          // "RxC"
    public var planner: PlannerKind?
    public var reps: Int
    public var medianSeconds: Double
    public var minSeconds: Double
    public var maxSeconds: Double
    public var gflops: Double
    public var speedup: Double?        // filled in by a sweep only
    public var residual: Double
    public var verdict: Verdict
    public var blasCore: String
    /// The chain preset's name (`--preset`), empty otherwise. The first extension
    /// column, after the twenty core ones: it names a chain row in the pivot
    /// tables and `compare` without mapping dims back to a preset.
    public var preset: String?

    // Measurement extension columns (Benchmarks/README.md, "Methodology").
    /// Rounds the samples were pooled from: 1 for a single `gemm`/`chain` run.
    public var rounds: Int?
    /// 95 % distribution-free CI of the median time (`MedianInterval`); empty below 6 samples.
    public var ciLowSeconds: Double?
    public var ciHighSeconds: Double?
    /// 95 % bootstrap CI of `speedup` (`RatioInterval`); sweep only.
    public var speedupLow: Double?
    public var speedupHigh: Double?
    /// speedup ÷ (processes × BLAS threads): 1 is perfect scaling; sweep only.
    public var efficiency: Double?
    /// gflops ÷ (measured per-core FMA peak × cores used), in percent; sweep only.
    public var percentOfPeak: Double?
    /// True when the CI is wider than the suite allows or the efficiency is implausible (`NoiseRule`).
    public var noisy: Bool?
    /// CPU time stolen by the hypervisor while this row was measured, percent of all CPU time.
    public var stealPercent: Double?
    /// The inter-core round trip while this row was measured, nanoseconds: the
    /// median over its samples of the probe taken before each one's child (`CoreRoundTrip`); sweep only.
    public var coreRoundTripNs: Double?
    /// How workers were pinned (`--bind`: none, cores, sockets); nil without workers.
    public var bind: String?
    /// True when `--workers auto` / `--threads auto` chose workers, threads and split.
    public var auto: Bool?
    // Multi-node extension columns (docs/cluster.md, "CSV").
    /// `process` for gemmbench's own rows (worker processes or one process), `mpi` for gemmbench-mpi's.
    public var backend: String?
    /// MPI ranks, machines, and the process grid `PxQ` (empty outside MPI).
    public var ranks: Int?
    public var nodes: Int?
    public var grid: String?
    /// `tiles` for gemmbench's own products (a tile grid on a pool or one call), `summa` or `pdgemm` on MPI.
    public var algorithm: String?
    /// gemmbench-mpi's `--node-split` (`auto`, `rank` or ranks per node); empty outside MPI.
    public var nodeSplit: String?
    /// True when `grid` was asked for with `--grid` (false: gemmbench-mpi chose the most
    /// square one); with `nodeSplit` it lets a sweep tell its MPI configurations apart.
    public var gridGiven: Bool?
    /// The verification's detection limit: the smallest error in one entry,
    /// relative to max|Y|, its check was sure to flag (docs/contracts.md, "Verification").
    public var detectionLimit: Double?
    /// Seconds the verification took (once per run, outside the timings).
    public var checkSeconds: Double?
    // BLAS library extension columns (docs/contracts.md, "CSV"): last, so files
    // written before them, the committed baselines among them, still read.
    /// The BLAS library that computed the row: `openblas` (the linked one), a
    /// `--blas` name, or the path it was loaded from; nil in files older than the column.
    public var blasLibrary: String?
    /// The version that library reports (`0.3.21`, `0.9.0`), or the one in its file name.
    public var blasVersion: String?
    /// Every timed run, in seconds: printed (column `samples_s`) only with `--samples`,
    /// which the sweep passes so it can pool samples across rounds.
    public var samples: [Double]?

    public init(
        op: Op, m: Int? = nil, k: Int? = nil, n: Int? = nil, dims: [Int]? = nil,
        kernel: Kernel? = nil, workers: Int, threads: Int, transport: Transport? = nil,
        split: String? = nil, planner: PlannerKind? = nil, reps: Int,
        medianSeconds: Double, minSeconds: Double, maxSeconds: Double, gflops: Double,
        speedup: Double? = nil, residual: Double, verdict: Verdict, blasCore: String,
        preset: String? = nil
    ) {
        self.op = op; self.m = m; self.k = k; self.n = n; self.dims = dims
        self.kernel = kernel; self.workers = workers; self.threads = threads
        self.transport = transport; self.split = split; self.planner = planner
        self.reps = reps; self.medianSeconds = medianSeconds; self.minSeconds = minSeconds
        self.maxSeconds = maxSeconds; self.gflops = gflops; self.speedup = speedup
        self.residual = residual; self.verdict = verdict; self.blasCore = blasCore
        self.preset = preset
    }

    /// The `backend` of gemmbench-mpi's rows.
    public static let mpiBackend = "mpi"

    /// The `grid` of gemmbench-mpi's `--algorithm tiles` rows: no process grid,
    /// ranks take tiles as they free up.
    public static let noGrid = "-"
}
