import Harness

/// A `gemmbench-mpi` row: the CSV contract's columns (through Harness's
/// `ResultRow`, the one place they are listed) plus the multi-node extension
/// columns the README's CSV section names, matched by name: a column
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

    public init(_ result: MPIGemmResult, blasCore: String) {
        let o = result.options
        row = ResultRow(op: "gemm", m: o.m, k: o.k, n: o.n, kernel: "blas", workers: result.ranks,
                        threads: o.threads, reps: result.stats.samples.count,
                        medianSeconds: result.stats.median, minSeconds: result.stats.min,
                        maxSeconds: result.stats.max, gflops: result.gflops,
                        residual: result.verification.residual, verdict: result.verification.verdict,
                        blasCore: blasCore)
        ranks = result.ranks
        nodes = result.nodes
        grid = result.grid.description
        algorithm = o.algorithm.rawValue
    }
}
