import ChainPlanning
import GemmCore
import NumpyIO
import ProcessPool

/// Plans, runs, verifies and (optionally) writes one chain product.
public enum ChainRunner {
    public static func run(_ config: ChainConfiguration, executable: String = "/proc/self/exe",
                           availableMemory: Int = MachineInfo.availableMemoryBytes()) throws -> ChainResult {
        let dims = config.dims
        BLAS.threads = config.threads
        // Only `parallel` decides by estimated time; the others plan by shape alone.
        let (cost, costModelSource) = config.planner == .parallel
            ? calibrateCostModel() : (CostModel.nominal, CostModelSource.nominal)
        let plan = try makePlan(dims: dims, planner: config.planner, workers: config.workers, cost: cost)

        let factorBytes = (0..<dims.count - 1).map { RegionAllocator.aligned(8 * dims[$0] * dims[$0 + 1]) }
        let intermediateBytes = plan.steps.map { RegionAllocator.aligned(8 * $0.m * $0.n) }
        let factorTotal = factorBytes.reduce(0, +)
        let intermediateTotal = intermediateBytes.reduce(0, +)
        // Room for every intermediate at once, so no schedule can run out; pages
        // of a memfd cost nothing until touched, and reuse keeps touched pages low.
        let arena = try Arena(capacity: factorTotal + intermediateTotal, availableMemory: availableMemory)
        var allocator = RegionAllocator(capacity: arena.capacity)
        var layouts: [OperandLayout] = []
        for i in 0..<dims.count - 1 {
            let region = allocator.allocate(bytes: factorBytes[i])!
            layouts.append(OperandLayout(offset: region.offset, rows: dims[i], cols: dims[i + 1],
                                         leadingDimension: dims[i + 1]))
        }
        let factors = layouts.map { arena.view(offset: $0.offset, rows: $0.rows, cols: $0.cols, leadingDimension: $0.leadingDimension) }
        try fill(factors, from: config.source)

        var pool: WorkerPool?
        if config.workers > 0 {
            pool = try WorkerPool(count: config.workers, threads: config.threads, arena: arena, executable: executable)
        }
        defer { pool?.shutdown() }

        var lastRun: ChainDAG?
        var highWater = 0
        let stats = try config.repetition.measure {
            let dag = ChainDAG(plan: plan, arena: arena, factorLayouts: layouts, allocator: allocator,
                               kernel: .blas, transport: config.transport)
            if let pool { try pool.run(dag) } else { dag.runInProcess() }
            highWater = max(highWater, dag.highWaterBytes)
            lastRun = dag
        }
        let y = lastRun!.result
        FaultInjection.corruptIfRequested(y)
        let verification = Verification.checkChain(factors: factors, result: y)
        if let path = config.outputPath, verification.passed {
            try Npy.writeAtomically(path: path, rows: y.rows, cols: y.cols,
                                    from: UnsafePointer(y.base), leadingDimension: y.leadingDimension)
        }
        return ChainResult(configuration: config, plan: plan, stats: stats, verification: verification,
                           peakArenaBytes: highWater, factorBytes: factorTotal,
                           intermediateBytesWithoutReuse: intermediateTotal,
                           poolStartupSeconds: pool?.startupSeconds, costModelSource: costModelSource)
    }

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
