import Vocabulary
import CommandLineArguments
import Runners
import DistributedProducts

/// Everything that defines one `gemmbench-mpi gemm` run.
public struct MPIGemmOptions: Sendable {
    public var m: Int, k: Int, n: Int
    public var run = MPIRunOptions()
    /// `--split RxC` (`--algorithm tiles` only): C's tile grid; nil = `TileGrid.defaultGrid` for the ranks.
    public var split: GridShape?
    /// The single-process run's seed: A from `seed`, B from `seed + 1` (as `GemmConfiguration`).
    public var seed: UInt64 = 42

    static let flags = MPIRunOptions.flags.union(MPIArguments.gemmShapeFlags).union(["--split"])

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

    /// The problem's shape (`ArgumentList.gemmShape`, as gemmbench gemm reads it).
    static func shape(_ list: inout MPIArguments) throws(MPIUsageError) -> MPIGemmOptions {
        let shape = try list.gemmShape()
        return MPIGemmOptions(m: shape.m, k: shape.k, n: shape.n)
    }

    init(m: Int, k: Int, n: Int) {
        self.m = m; self.k = k; self.n = n
    }
}
