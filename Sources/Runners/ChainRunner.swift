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
        let dims = config.dims
        try BLAS.setThreads(config.threads)
        // Only `parallel` decides by estimated time; the others plan by shape alone.
        let (cost, costModelSource) = config.planner == .parallel
            ? calibrateCostModel() : (CostModel.nominal, CostModelSource.nominal)
        var plan = try makePlan(dims: dims, planner: config.planner, workers: config.workers, cost: cost)
        var execution = config.execution
        // `parallel` alone decides by time, so it alone may find workers cannot gain.
        let smallChain = config.planner == .parallel
            ? try SmallChainRule.decide(pooled: plan, dims: dims, workers: config.workers, threads: config.threads, cost: cost)
            : nil
        if let smallChain {
            plan = smallChain.plan
            execution.workers = 0
            execution.threads = smallChain.threads
            try BLAS.setThreads(smallChain.threads)
        }

        let factorBytes = try (0..<dims.count - 1).map { try matrixBytes(dims[$0], dims[$0 + 1], of: dims) }
        let intermediateBytes = try plan.steps.map { try matrixBytes($0.m, $0.n, of: dims) }
        let factorTotal = try checkedSum(factorBytes, of: dims)
        let intermediateTotal = try checkedSum(intermediateBytes, of: dims)
        // Room for every intermediate at once, so no schedule can run out; pages
        // of a memfd cost nothing until touched, and reuse keeps touched pages low.
        let arenaBytes = try checkedSum([factorTotal, intermediateTotal], of: dims)
        if config.transport == .message && execution.workers > 0 {
            let tiles = plan.steps.flatMap { step in step.split.tiles(m: step.m, n: step.n).map { (step, $0) } }
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
        try AddressSpaceCheck.check(mappedBytes: arenaBytes, threads: execution.threads)
        let arena = try backend.makeArena(capacity: arenaBytes, availableMemory: availableMemory)
        var allocator = RegionAllocator(capacity: arena.capacity)
        var layouts: [OperandLayout] = []
        for i in 0..<dims.count - 1 {
            let region = allocator.allocate(bytes: factorBytes[i])!
            layouts.append(OperandLayout(offset: region.offset, rows: dims[i], cols: dims[i + 1],
                                         leadingDimension: dims[i + 1]))
        }
        let factors = layouts.map { arena.view(offset: $0.offset, rows: $0.rows, cols: $0.cols, leadingDimension: $0.leadingDimension) }
        try fill(factors, from: config.source)

        let executor = try backend.makeExecutor(execution, arena: arena)
        defer { executor.shutdown() }

        var lastRun: ChainDAG?
        var highWater = 0
        let stats = try config.repetition.measure {
            let dag = ChainDAG(plan: plan, arena: arena, factorLayouts: layouts, allocator: allocator,
                               kernel: .blas, transport: execution.workers > 0 ? config.transport : .shm)
            try executor.run(dag)
            highWater = max(highWater, dag.highWaterBytes)
            lastRun = dag
        }
        let y = lastRun!.result
        FaultInjection.corruptIfRequested(y)
        let verification = Verification.checkChain(factors: factors, result: y, tree: plan.productNodes)
        if let path = config.outputPath, verification.passed {
            try Npy.writeAtomically(path: path, rows: y.rows, cols: y.cols,
                                    from: UnsafePointer(y.base), leadingDimension: y.leadingDimension,
                                    using: FaultInjection.current == .stallOutput ? stallingBeforeSync : .live)
        }
        return ChainResult(configuration: config, plan: plan, stats: stats, verification: verification,
                           peakArenaBytes: highWater, factorBytes: factorTotal,
                           intermediateBytesWithoutReuse: intermediateTotal,
                           poolStartupSeconds: executor.startupSeconds, costModelSource: costModelSource,
                           oneProcessReason: smallChain?.reason)
    }

    /// A chain whose byte counts do not fit in an Int (possible with .npy
    /// inputs whose product is far larger than any factor).
    public struct SizeOverflow: Error, CustomStringConvertible {
        public let dims: [Int]
        public var description: String {
            "chain \(dims.map(String.init).joined(separator: "x")) needs more bytes than a 64-bit count can hold"
        }
    }

    /// 8·rows·cols rounded up to the arena alignment, overflow-checked.
    static func matrixBytes(_ rows: Int, _ cols: Int, of dims: [Int]) throws(SizeOverflow) -> Int {
        let (elements, o1) = rows.multipliedReportingOverflow(by: cols)
        let (bytes, o2) = elements.multipliedReportingOverflow(by: 8)
        guard !o1, !o2, bytes <= Int.max - RegionAllocator.alignment else { throw SizeOverflow(dims: dims) }
        return RegionAllocator.aligned(bytes)
    }

    static func checkedSum(_ values: [Int], of dims: [Int]) throws(SizeOverflow) -> Int {
        var total = 0
        for value in values {
            let (sum, overflow) = total.addingReportingOverflow(value)
            guard !overflow else { throw SizeOverflow(dims: dims) }
            total = sum
        }
        return total
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
