import ChainPlanning
import DistributedProducts
import GemmCore
import MPIWrapper
import NumpyIO
import Platform
import Vocabulary

/// What one `gemmbench-mpi chain` produced.
public struct MPIChainResult: Sendable {
    public let options: MPIChainOptions
    public let plan: ChainPlan
    public let measurement: MPIMeasurement
    /// `--algorithm tiles` with the parallel planner: why the chain ran on rank 0
    /// alone (`SmallChainRule`), as gemmbench reports it; nil otherwise.
    public var oneProcessReason: String? = nil
    /// SUMMA with the parallel planner: which products ran side by side on
    /// which sub-grids, or why none did (`SubgridSchedule`); empty otherwise.
    public var subgridNotes: [String] = []
}

/// Runs, times and verifies a chain with SUMMA (`SubgridChain`): with `left`,
/// `optimal` and `tree` the planner's products one after another, each on the
/// whole grid, a product's result laid out as the next one's operand
/// (`NodeMatrix`), so nothing is redistributed; with `parallel`, independent
/// products side by side on disjoint sub-grids (`SubgridSchedule`), their
/// results moved onto the consuming product's grid (`BlockRedistribution`).
/// With `--inputs` each rank reads its own rows of the factors from the files,
/// with `--output` writes its own rows of Y (`DistributedNpy`).
public enum MPIChainRunner {
    /// Collective on `world`.
    public static func run(_ options: MPIChainOptions, world: Communicator) throws -> MPIChainResult {
        BLAS.threads = options.run.threads
        var options = options
        let inputs = try readInputHeaders(&options, world: world)
        let dims = options.dims
        let topology = try NodeTopology(world: world, split: options.run.nodeSplit)
        defer { try? topology.free() }
        let grid = options.run.grid ?? .mostSquare(topology.nodeCount)
        try MPIRunOptions.checkGrid(grid, members: topology.nodeCount, what: "node")
        let (plan, schedule) = try planOnNodes(options, topology: topology, grid: grid, world: world)
        JobWatchdog.arm(options.run.progressDeadline, flops: plan.totalFlops, elements: Self.elements(plan),
                        kernel: options.run.kernel, step: .settingUp)
        let chain = try SubgridChain(plan: plan, schedule: schedule, topology: topology, grid: grid,
                                     kernel: options.run.kernel, seed: inputs.isEmpty ? options.seed : nil)
        do {
            let (stats, outcome) = try measureAndCheck(chain, inputs: inputs, plan: plan, options: options, world: world)
            try chain.free()
            var result = MPIChainResult(options: options, plan: plan, measurement: MPIMeasurement(
                ranks: world.size, nodes: topology.nodeCount, grid: grid, stats: stats, verification: outcome,
                flops: plan.totalFlops))
            if options.planner == .parallel { result.subgridNotes = schedule.reportLines(plan: plan) }
            return result
        } catch {
            try? chain.free()
            throw error
        }
    }

    /// With `--inputs`, the factors' headers, agreed by every rank, and
    /// `options.dims` taken from them; the `--output` destination checked.
    /// Before any work: a result that cannot be written is not worth computing.
    private static func readInputHeaders(_ options: inout MPIChainOptions, world: Communicator) throws -> [NpyHeader] {
        // The floor (or --task-timeout) until the headers say how large the chain is.
        JobWatchdog.arm(options.run.progressDeadline, flops: 0, elements: 0, kernel: options.run.kernel,
                        step: options.inputPaths.isEmpty ? .settingUp : .readingInputs)
        var inputs: [NpyHeader] = []
        if !options.inputPaths.isEmpty {
            inputs = try DistributedNpy.headers(options.inputPaths, on: world)
            options.dims = [inputs[0].rows] + inputs.map(\.cols)
            JobWatchdog.beat(.settingUp)
        }
        if let path = options.outputPath { try DistributedNpy.checkDestination(path, on: world) }
        return inputs
    }

    /// The planner's tree, its products placed on sub-grids of nodes, and the
    /// memory every node's leader needs for them checked on every rank.
    private static func planOnNodes(_ options: MPIChainOptions, topology: NodeTopology, grid: ProcessGrid,
                                    world: Communicator) throws -> (ChainPlan, SubgridSchedule) {
        let plan: ChainPlan
        do {
            // The parallel planner's tree for one worker per node: the nodes are what sub-grids share out.
            plan = try makePlan(dims: options.dims, planner: options.planner,
                                workers: options.planner == .parallel ? topology.nodeCount : 0)
        } catch {
            throw MPIUsageError(error.description)
        }
        let schedule = SubgridSchedule(plan: plan, nodeCount: topology.nodeCount,
                                       sideBySide: options.planner == .parallel)
        let nodeBytes = SubgridChain.nodeBytes(schedule: schedule, plan: plan, nodeIndex: topology.nodeIndex,
                                               nodeCount: topology.nodeCount, grid: grid)
        try MemoryCheck.require(bytesOnThisRank: topology.isLeader ? nodeBytes : 0, world: world)
        return (plan, schedule)
    }

    /// Reads the factors (or keeps the seeded ones), times the chain, checks
    /// Y and, when it passed, writes it to `--output`.
    private static func measureAndCheck(_ chain: SubgridChain, inputs: [NpyHeader], plan: ChainPlan,
                                        options: MPIChainOptions, world: Communicator)
        throws -> (TimingStats, Verification.Outcome) {
        let dims = options.dims
        if !inputs.isEmpty {
            JobWatchdog.beat(.readingInputs)
            try DistributedNpy.read(inputs, into: chain.factors, on: world)
        }
        var products = 0
        let stats = try DistributedTiming.measure(options.run.repetition, on: world) {
            products += 1
            MPIFaultInjection.failRankIfRequested(rank: world.rank, size: world.size, product: products)
            try chain.root.run()
        }
        let y = chain.result
        JobWatchdog.beat(.verifying)
        try MPIFaultInjection.corruptResultIfRequested([y.ownBlock], rows: dims[0], cols: dims.last!, world: world)
        // Each factor's blocks from the sub-grid that holds it: over all ranks they still cover it once.
        let outcome = try DistributedVerification.checkChain(
            factors: chain.factors.map { $0.map { [$0.ownBlock] } ?? [] }, result: [y.ownBlock], dims: dims,
            tree: plan.productNodes, on: world)
        if let path = options.outputPath, outcome.passed {
            JobWatchdog.beat(.writingOutput)
            try DistributedNpy.write(y, to: path, on: world)
        }
        return (stats, outcome)
    }

    /// Entries of every factor and every product's result: what the chain's
    /// windows hold, for the default `ProgressDeadline`.
    static func elements(_ plan: ChainPlan) -> Double {
        let factors = zip(plan.dims, plan.dims.dropFirst()).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        return plan.steps.reduce(factors) { $0 + Double($1.m) * Double($1.n) }
    }
}
