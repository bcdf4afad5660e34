import Runners
import DistributedProducts

/// Everything that defines one `gemmbench-mpi gemm` run.
public struct MPIGemmOptions: Sendable {
    public var m: Int, k: Int, n: Int
    public var run = MPIRunOptions()
    /// `--split RxC` (`--algorithm tiles` only): C's tile grid; nil = `TileGrid.defaultGrid` for the ranks.
    public var split: (rows: Int, cols: Int)?
    /// The single-process run's seed: A from `seed`, B from `seed + 1` (as `GemmConfiguration`).
    public var seed: UInt64 = 42

    static let flags = MPIRunOptions.flags.union(["--size", "--m", "--k", "--n", "--split"])

    public var flops: Double { 2 * Double(m) * Double(k) * Double(n) }

    /// Parses `gemm`'s options and checks them against the world's size.
    public static func parse(_ arguments: [String], worldSize: Int) throws(MPIUsageError) -> MPIGemmOptions {
        var list = MPIArguments(arguments)
        try MPIRunOptions.rejectProcessPoolOptions(list)
        try list.rejectUnknownOptions(known: flags, command: "gemm")
        var options = try shape(&list)
        let split = try list.value("--split")
        options.run = try MPIRunOptions.parse(&list, worldSize: worldSize)
        if let split {
            guard options.run.algorithm == .tiles else {
                throw MPIUsageError("--split needs --algorithm tiles (\(options.run.algorithm.rawValue)'s grid is --grid PxQ)")
            }
            do {
                let parsed = try TileGrid.parseSplit(split)
                _ = try TileGrid(m: options.m, n: options.n, gridRows: parsed.rows, gridCols: parsed.cols)
                options.split = parsed
            } catch {
                throw MPIUsageError(error.description)
            }
        }
        try list.finish(command: "gemm")
        return options
    }

    /// `--size N` or all of `--m --k --n`, never both.
    static func shape(_ list: inout MPIArguments) throws(MPIUsageError) -> MPIGemmOptions {
        func dimension(_ flag: String) throws(MPIUsageError) -> Int? {
            guard let value = try list.integer(flag, minimum: 1) else { return nil }
            return try MPIRunOptions.dimension(flag, value)
        }
        let size = try dimension("--size")
        let m = try dimension("--m"), k = try dimension("--k"), n = try dimension("--n")
        if let size {
            guard m == nil, k == nil, n == nil else { throw MPIUsageError("give --size or --m/--k/--n, not both") }
            return MPIGemmOptions(m: size, k: size, n: size)
        }
        guard let m, let k, let n else {
            if m == nil && k == nil && n == nil { throw MPIUsageError("gemm needs --size N or --m M --k K --n N") }
            throw MPIUsageError("gemm needs all of --m, --k and --n (missing \(m == nil ? "--m" : k == nil ? "--k" : "--n"))")
        }
        return MPIGemmOptions(m: m, k: k, n: n)
    }

    init(m: Int, k: Int, n: Int) {
        self.m = m; self.k = k; self.n = n
    }
}
