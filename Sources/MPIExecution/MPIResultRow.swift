import Harness
import Vocabulary

/// A `gemmbench-mpi` row: the CSV contract's columns (through Harness's
/// `ResultRow`, the one place they are listed) plus the multi-node extension
/// columns (docs/cluster.md, "CSV"), matched by name: a column
/// `ResultRow` already has is filled in place, the others are appended.
public struct MPIResultRow: Sendable {
    public var row: ResultRow
    public var ranks: Int
    public var nodes: Int
    public var grid: String
    public var algorithm: String
    /// `--node-split` as given (`auto`, `rank`, ranks per node).
    public var nodeSplit: String
    /// True when `--grid` chose `grid`.
    public var gridGiven: Bool
    /// Every timed run in seconds, printed as the last column `samples_s` by `--samples` (nil: not asked for).
    public var samples: [Double]?
    /// The `grid` of an `--algorithm tiles` row: no process grid, ranks take tiles as they free up.
    public static let noGrid = "-"
    /// Every row gemmbench-mpi writes ran on MPI.
    public static let backend = ResultRow.mpiBackend

    /// The multi-node extension columns, in contract order.
    public static let extensionColumns = ["backend", "ranks", "nodes", "grid", "algorithm", "node_split", "grid_given"]

    public static var columns: [String] {
        ResultRow.columns + extensionColumns.filter { !ResultRow.columns.contains($0) }
    }

    public var cells: [String] {
        let extensions = [Self.backend, String(ranks), String(nodes), grid, algorithm, nodeSplit, gridGiven ? "yes" : ""]
        var byName = Dictionary(uniqueKeysWithValues: zip(ResultRow.columns, row.cells))
        for (name, value) in zip(Self.extensionColumns, extensions) { byName[name] = value }
        return Self.columns.map { byName[$0] ?? "" }
    }

    /// Header and this row, as `--csv` prints them, with `samples_s` last when
    /// `samples` is set (as gemmbench's `--csv --samples`). No cell
    /// gemmbench-mpi writes holds a comma, quote or line break, so none needs quoting.
    public var csvDocument: String {
        var header = Self.columns, record = cells
        if let samples {
            header.append(ResultRow.samplesColumn)
            record.append(samples.map { "\($0)" }.joined(separator: " "))
        }
        return header.joined(separator: ",") + "\n" + record.joined(separator: ",") + "\n"
    }

    init(row: ResultRow, measurement: MPIMeasurement, run: MPIRunOptions) {
        self.row = row
        self.row.detectionLimit = measurement.verification.finiteDetectionLimit
        self.row.checkSeconds = measurement.verification.seconds
        ranks = measurement.ranks
        nodes = measurement.nodes
        grid = measurement.grid?.description ?? Self.noGrid
        self.row.transport = measurement.transport
        self.row.split = measurement.split
        algorithm = run.algorithm.rawValue
        nodeSplit = run.nodeSplit.description
        gridGiven = run.grid != nil
        samples = run.samples ? measurement.stats.samples : nil
    }

    /// `workers` holds the ranks, so efficiency = speedup ÷ (workers × threads) holds for MPI rows too.
    public init(_ result: MPIGemmResult, blasCore: String) {
        let o = result.options, s = result.measurement
        self.init(row: ResultRow(op: .gemm, m: o.m, k: o.k, n: o.n, kernel: o.run.kernel, workers: s.ranks,
                                 threads: o.run.threads, reps: s.stats.samples.count,
                                 medianSeconds: s.stats.median, minSeconds: s.stats.min, maxSeconds: s.stats.max,
                                 gflops: s.gflops, residual: s.verification.residual,
                                 verdict: s.verification.verdict, blasCore: blasCore),
                  measurement: s, run: o.run)
    }

    public init(_ result: MPIChainResult, blasCore: String) {
        let o = result.options, s = result.measurement
        self.init(row: ResultRow(op: .chain, dims: o.dims, kernel: o.run.kernel, workers: s.ranks,
                                 threads: o.run.threads, planner: o.planner, reps: s.stats.samples.count,
                                 medianSeconds: s.stats.median, minSeconds: s.stats.min, maxSeconds: s.stats.max,
                                 gflops: s.gflops, residual: s.verification.residual,
                                 verdict: s.verification.verdict, blasCore: blasCore, preset: o.presetName),
                  measurement: s, run: o.run)
    }
}
