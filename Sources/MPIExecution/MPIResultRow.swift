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
    /// Every row gemmbench-mpi writes ran on MPI.
    public static let backend = "mpi"

    /// The multi-node extension columns, in contract order.
    public static let extensionColumns = ["backend", "ranks", "nodes", "grid", "algorithm"]

    public static var columns: [String] {
        ResultRow.columns + extensionColumns.filter { !ResultRow.columns.contains($0) }
    }

    public var cells: [String] {
        let extensions = [Self.backend, String(ranks), String(nodes), grid, algorithm]
        var byName = Dictionary(uniqueKeysWithValues: zip(ResultRow.columns, row.cells))
        for (name, value) in zip(Self.extensionColumns, extensions) { byName[name] = value }
        return Self.columns.map { byName[$0] ?? "" }
    }

    /// Header and this row, as `--csv` prints them. No cell gemmbench-mpi writes
    /// holds a comma, quote or line break, so none needs quoting.
    public var csvDocument: String {
        Self.columns.joined(separator: ",") + "\n" + cells.joined(separator: ",") + "\n"
    }

    init(row: ResultRow, measurement: MPIMeasurement, algorithm: MPIAlgorithm) {
        self.row = row
        ranks = measurement.ranks
        nodes = measurement.nodes
        grid = measurement.grid.description
        self.algorithm = algorithm.rawValue
    }

    /// `workers` holds the ranks, so efficiency = speedup ÷ (workers × threads) holds for MPI rows too.
    public init(_ result: MPIGemmResult, blasCore: String) {
        let o = result.options, s = result.measurement
        self.init(row: ResultRow(op: .gemm, m: o.m, k: o.k, n: o.n, kernel: o.run.kernel, workers: s.ranks,
                                 threads: o.run.threads, reps: s.stats.samples.count,
                                 medianSeconds: s.stats.median, minSeconds: s.stats.min, maxSeconds: s.stats.max,
                                 gflops: s.gflops, residual: s.verification.residual,
                                 verdict: s.verification.verdict, blasCore: blasCore),
                  measurement: s, algorithm: o.run.algorithm)
    }

    public init(_ result: MPIChainResult, blasCore: String) {
        let o = result.options, s = result.measurement
        self.init(row: ResultRow(op: .chain, dims: o.dims, kernel: o.run.kernel, workers: s.ranks,
                                 threads: o.run.threads, planner: o.planner, reps: s.stats.samples.count,
                                 medianSeconds: s.stats.median, minSeconds: s.stats.min, maxSeconds: s.stats.max,
                                 gflops: s.gflops, residual: s.verification.residual,
                                 verdict: s.verification.verdict, blasCore: blasCore, preset: o.presetName),
                  measurement: s, algorithm: o.run.algorithm)
    }
}
