import ChainPlanning
import Execution
import GemmCore
import NumpyIO
import ProcessPool
import SystemBoundary
import Platform
import Vocabulary

/// Plans, runs, verifies and (optionally) writes one chain product.
public enum ChainRunner {
    /// - Parameter executable: the gemmbench binary workers are started from.
    public static func run(_ config: ChainConfiguration, executable: String = "/proc/self/exe",
                           availableMemory: Int = MachineInfo.availableMemoryBytes()) throws -> ChainResult {
        try run(config, on: ProcessBackend(executable: executable), availableMemory: availableMemory)
    }

    /// Runs `config` with the arena and executor `backend` makes (`config.workers`
    /// is the number of workers the backend's executor has).
    public static func run(_ config: ChainConfiguration, on backend: ExecutionBackend,
                           availableMemory: Int = MachineInfo.availableMemoryBytes()) throws -> ChainResult {
        // Before any work: a result that cannot be written is not worth computing.
        if let path = config.outputPath { try Npy.checkDestination(path: path) }
        let planned = try plan(config)
        let memory = try ChainMemory(dims: config.dims, plan: planned.plan)
        try checkFits(config, planned, arenaBytes: memory.arenaBytes, availableMemory: availableMemory)
        let arena = try backend.makeArena(capacity: memory.arenaBytes, availableMemory: availableMemory)
        let (layouts, allocator) = placeFactors(dims: config.dims, bytes: memory.factorBytes, capacity: arena.capacity)
        let factors = layouts.map { arena.view(offset: $0.offset, rows: $0.rows, cols: $0.cols, leadingDimension: $0.leadingDimension) }
        try fill(factors, from: config.source)

        let executor = try backend.makeExecutor(planned.execution, arena: arena)
        defer { executor.shutdown() }
        var lastRun: ChainDAG?
        var highWater = 0
        let stats = try config.repetition.measure {
            let dag = ChainDAG(plan: planned.plan, arena: arena, factorLayouts: layouts, allocator: allocator,
                               kernel: .blas, transport: planned.execution.workers > 0 ? config.transport : .shm)
            try executor.run(dag)
            highWater = max(highWater, dag.highWaterBytes)
            lastRun = dag
        }
        let verification = try verifyAndWrite(lastRun!.result, factors: factors, plan: planned.plan, config: config)
        return ChainResult(configuration: config, plan: planned.plan, stats: stats, verification: verification,
                           peakArenaBytes: highWater, factorBytes: memory.factorTotal,
                           intermediateBytesWithoutReuse: memory.intermediateTotal,
                           poolStartupSeconds: executor.startupSeconds, costModelSource: planned.costModelSource,
                           oneProcessReason: planned.smallChain?.reason)
    }

    /// What planning decided: the plan, where it runs, and with which cost model.
    struct PlannedChain {
        var plan: ChainPlan
        var execution: ExecutionSettings
        let costModelSource: CostModelSource
        /// Set when the chain runs in one process instead of on the workers.
        let smallChain: SmallChainRule?
    }

    /// Sets the BLAS threads and plans `config`'s chain; `parallel` alone plans by
    /// estimated time (with a calibrated cost model), so it alone may find that
    /// workers cannot gain and run the chain in one process (`SmallChainRule`).
    static func plan(_ config: ChainConfiguration) throws -> PlannedChain {
        let dims = config.dims
        try BLAS.setThreads(config.threads)
        let (cost, costModelSource) = config.planner == .parallel
            ? calibrateCostModel() : (CostModel.nominal, CostModelSource.nominal)
        let plan = try makePlan(dims: dims, planner: config.planner, workers: config.workers, cost: cost)
        let smallChain = config.planner == .parallel
            ? try SmallChainRule.decide(pooled: plan, dims: dims, workers: config.workers, threads: config.threads, cost: cost)
            : nil
        var planned = PlannedChain(plan: plan, execution: config.execution, costModelSource: costModelSource,
                                   smallChain: smallChain)
        if let smallChain {
            planned.plan = smallChain.plan
            planned.execution.workers = 0
            planned.execution.threads = smallChain.threads
            try BLAS.setThreads(smallChain.threads)
        }
        return planned
    }

    /// The arena, plus with the message transport its copies in the workers and
    /// the coordinator, must fit in `availableMemory` and under `ulimit -v`.
    static func checkFits(_ config: ChainConfiguration, _ planned: PlannedChain, arenaBytes: Int,
                          availableMemory: Int) throws {
        if config.transport == .message && planned.execution.workers > 0 {
            let tiles = planned.plan.steps.flatMap { step in step.split.tiles(m: step.m, n: step.n).map { (step, $0) } }
            let largest = tiles.max { a, b in
                a.1.rows.count * a.0.k + a.0.k * a.1.cols.count + a.1.rows.count * a.1.cols.count
                    < b.1.rows.count * b.0.k + b.0.k * b.1.cols.count + b.1.rows.count * b.1.cols.count
            }!
            let copies = MessageTransportMemory.bytes(largestTask: (largest.1.rows.count, largest.0.k, largest.1.cols.count),
                                                      workers: config.workers, tasks: tiles.count) ?? Int.max
            let (needed, overflow) = arenaBytes.addingReportingOverflow(copies)
            guard !overflow, needed <= availableMemory else {
                throw GemmRunner.TooLarge(needed: overflow ? Int.max : needed, available: availableMemory,
                                          messageCopies: copies)
            }
        }
        try AddressSpaceCheck.check(mappedBytes: arenaBytes, threads: planned.execution.threads)
    }

    /// The factors laid out one after another from the arena's start, and the
    /// allocator left for the intermediates.
    static func placeFactors(dims: [Int], bytes: [Int], capacity: Int) -> ([OperandLayout], RegionAllocator) {
        var allocator = RegionAllocator(capacity: capacity)
        var layouts: [OperandLayout] = []
        for i in 0..<dims.count - 1 {
            let region = allocator.allocate(bytes: bytes[i])!
            layouts.append(OperandLayout(offset: region.offset, rows: dims[i], cols: dims[i + 1],
                                         leadingDimension: dims[i + 1]))
        }
        return (layouts, allocator)
    }

    /// Checks `y` (after any injected fault) against the factors along the plan
    /// tree, and writes it to `config.outputPath` when it passed.
    static func verifyAndWrite(_ y: MatrixView, factors: [MatrixView], plan: ChainPlan,
                               config: ChainConfiguration) throws -> Verification.Outcome {
        FaultInjection.corruptIfRequested(y)
        let verification = Verification.checkChain(factors: factors, result: y, tree: plan.productNodes)
        if let path = config.outputPath, verification.passed {
            try Npy.writeAtomically(path: path, rows: y.rows, cols: y.cols,
                                    from: UnsafePointer(y.base), leadingDimension: y.leadingDimension,
                                    using: FaultInjection.current == .stallOutput ? stallingBeforeSync : .live)
        }
        return verification
    }

    /// The `stall-output` test hook: the temporary is written, then nothing happens.
    static let stallingBeforeSync: FileOperations = {
        var operations = FileOperations.live
        operations.fsync = { _ in sleepForever() }
        return operations
    }()

    private static func fill(_ factors: [MatrixView], from source: ChainConfiguration.Source) throws {
        switch source {
        case .random(_, let seed):
            for (i, factor) in factors.enumerated() {
                var generator = SeededRandom(seed: seed &+ UInt64(i))
                generator.fill(factor)
            }
        case .files(let headers):
            for (header, factor) in zip(headers, factors) {
                try Npy.readData(header, into: factor.base, leadingDimension: factor.leadingDimension)
            }
        }
    }

    /// Times `CostModel.calibrationShapes` here, with this process's BLAS threads
    /// (what one worker has), and fits the model to them. When the fit refuses the
    /// measurements (a time that is 0 or not finite), plans with the nominal model
    /// instead and says why in the returned source, so the report never calls a
    /// nominal estimate calibrated.
    static func calibrateCostModel(
        timing time: (ProductShape) -> Double = bestCalibrationSeconds
    ) -> (model: CostModel, source: CostModelSource) {
        let samples = CostModel.calibrationShapes.map { CostSample(m: $0.m, k: $0.k, n: $0.n, seconds: time($0)) }
        do {
            return (try CostModel(samples: samples), .calibrated)
        } catch {
            return (.nominal, .nominalAfterFailedCalibration(reason: error.description))
        }
    }

    /// Best of three OpenBLAS runs of `shape` after one warm-up, in seconds.
    static func bestCalibrationSeconds(_ shape: ProductShape) -> Double {
        let a = Matrix.random(rows: shape.m, cols: shape.k, seed: 1)
        let b = Matrix.random(rows: shape.k, cols: shape.n, seed: 2)
        let c = Matrix(rows: shape.m, cols: shape.n)
        return RepetitionPolicy(warmups: 1, minRepetitions: 3).measure {
            Kernel.blas.multiply(a.view, b.view, into: c.view)
        }.min
    }
}
