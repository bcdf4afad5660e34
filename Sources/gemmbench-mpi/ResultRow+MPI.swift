import ResultRows
import Vocabulary

/// gemmbench-mpi's rows: the same `ResultRow`, with the multi-node extension
/// columns (docs/cluster.md, "CSV") filled, so its `--csv` has gemmbench's header
/// and quoting (`ResultRow.csvDocument`). `workers` holds the ranks, so
/// efficiency = speedup ÷ (workers × threads) holds for MPI rows too.
extension ResultRow {
    public init(_ result: MPIGemmResult, blasCore: String) {
        let o = result.options, s = result.measurement
        self.init(op: .gemm, m: o.m, k: o.k, n: o.n, kernel: o.run.kernel, workers: s.ranks,
                  threads: o.run.threads, reps: s.stats.samples.count,
                  medianSeconds: s.stats.median, minSeconds: s.stats.min, maxSeconds: s.stats.max,
                  gflops: s.gflops, residual: s.verification.residual,
                  verdict: s.verification.verdict, blasCore: blasCore)
        fillMPIColumns(s, run: o.run)
    }

    public init(_ result: MPIChainResult, blasCore: String) {
        let o = result.options, s = result.measurement
        self.init(op: .chain, dims: o.dims, kernel: o.run.kernel, workers: s.ranks,
                  threads: o.run.threads, planner: o.planner, reps: s.stats.samples.count,
                  medianSeconds: s.stats.median, minSeconds: s.stats.min, maxSeconds: s.stats.max,
                  gflops: s.gflops, residual: s.verification.residual,
                  verdict: s.verification.verdict, blasCore: blasCore, preset: o.presetName)
        fillMPIColumns(s, run: o.run)
    }

    private mutating func fillMPIColumns(_ measurement: MPIMeasurement, run: MPIRunOptions) {
        detectionLimit = measurement.verification.finiteDetectionLimit
        checkSeconds = measurement.verification.seconds
        transport = measurement.transport
        split = measurement.split
        backend = Self.mpiBackend
        ranks = measurement.ranks
        nodes = measurement.nodes
        grid = measurement.grid?.description ?? Self.noGrid
        algorithm = run.algorithm.rawValue
        nodeSplit = run.nodeSplit.description
        gridGiven = run.grid != nil
        samples = run.samples ? measurement.stats.samples : nil
    }
}
