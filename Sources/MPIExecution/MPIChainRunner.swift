import ChainPlanning
import GemmCore
import NumpyIO

/// What one `gemmbench-mpi chain` produced.
public struct MPIChainResult: Sendable {
    public let options: MPIChainOptions
    public let plan: ChainPlan
    public let measurement: MPIMeasurement
    /// `--algorithm tiles` with the parallel planner: why the chain ran on rank 0
    /// alone (`SmallChainRule`), as gemmbench reports it; nil otherwise.
    public var oneProcessReason: String? = nil
}

/// Runs, times and verifies a chain: the planner's products one after another,
/// each SUMMA on the whole grid. A product's result is laid out as the next
/// product's operand (`NodeMatrix`), so nothing is redistributed between them.
/// With `--inputs` each rank reads its own rows of the factors from the files,
/// with `--output` writes its own rows of Y (`DistributedNpy`).
public enum MPIChainRunner {
    /// Collective on `world`.
    public static func run(_ options: MPIChainOptions, world: Communicator) throws -> MPIChainResult {
        BLAS.threads = options.run.threads
        var options = options
        var inputs: [NpyHeader] = []
        if !options.inputPaths.isEmpty {
            inputs = try DistributedNpy.headers(options.inputPaths, on: world)
            options.dims = [inputs[0].rows] + inputs.map(\.cols)
        }
        // Before any work: a result that cannot be written is not worth computing.
        if let path = options.outputPath { try DistributedNpy.checkDestination(path, on: world) }
        let dims = options.dims
        let plan: ChainPlan
        do {
            plan = try makePlan(dims: dims, planner: options.planner, workers: 0)
        } catch {
            throw MPIUsageError(error.description)
        }
        let topology = try NodeTopology(world: world, split: options.run.nodeSplit)
        defer { try? topology.free() }
        let grid = options.run.grid ?? .mostSquare(topology.nodeCount)
        try MPIRunOptions.checkGrid(grid, members: topology.nodeCount, what: "node")

        let shapes = plan.steps.map { SummaEngine.Shape(m: $0.m, k: $0.k, n: $0.n) }
        let matrices = (0..<dims.count - 1).map { (rows: dims[$0], cols: dims[$0 + 1]) } + plan.steps.map { (rows: $0.m, cols: $0.n) }
        let nodeBytes = SummaEngine.nodeBytes(matrices: matrices, shapes: shapes, grid: grid, nodeIndex: topology.nodeIndex)
        try MemoryCheck.require(bytesOnThisRank: topology.isLeader ? nodeBytes : 0, world: world)
        let engine = try SummaEngine(grid: grid, topology: topology, shapes: shapes, kernel: options.run.kernel)
        var factors: [NodeMatrix] = []
        if inputs.isEmpty {
            for index in 0..<dims.count - 1 {
                factors.append(try engine.randomMatrix(rows: dims[index], cols: dims[index + 1], seed: options.seed &+ UInt64(index)))
            }
        } else {
            for header in inputs { factors.append(try engine.matrix(rows: header.rows, cols: header.cols)) }
            try DistributedNpy.read(inputs, into: factors, on: world)
        }
        // Every intermediate kept (no reuse): simple, and the presets' are small.
        var results: [NodeMatrix] = []
        for step in plan.steps { results.append(try engine.matrix(rows: step.m, cols: step.n)) }
        func operand(_ operand: Operand) -> NodeMatrix {
            switch operand {
            case .factor(let index): return factors[index]
            case .product(let index): return results[index]
            }
        }

        var products = 0
        let stats = try DistributedTiming.measure(options.run.repetition, on: world) {
            products += 1
            MPIFaultInjection.killIfRequested(rank: world.rank, size: world.size, product: products)
            for (index, step) in plan.steps.enumerated() {
                try engine.multiply(operand(step.lhs), operand(step.rhs), into: results[index])
            }
        }
        let y = results.last!
        if world.rank == 0 { FaultInjection.corruptIfRequested(y.ownView) }
        let outcome = try DistributedVerification.checkChain(
            factors: factors.map { [$0.ownBlock] }, result: [y.ownBlock], dims: dims, on: world)
        if let path = options.outputPath, outcome.passed { try DistributedNpy.write(y, to: path, on: world) }
        for matrix in (factors + results).reversed() { try matrix.free() }
        try engine.free()
        return MPIChainResult(options: options, plan: plan, measurement: MPIMeasurement(
            ranks: world.size, nodes: topology.nodeCount, grid: grid, stats: stats, verification: outcome,
            flops: plan.totalFlops))
    }
}
