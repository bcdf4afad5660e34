import DistributedProducts
import GemmCore
import MPIWrapper
import Vocabulary
import Platform

/// What a measured run produced (the same on every rank).
public struct MPIMeasurement: Sendable {
    public let ranks: Int
    public let nodes: Int
    /// The process grid; nil for `--algorithm tiles`, whose ranks take tiles as they free up.
    public let grid: ProcessGrid?
    public let stats: TimingStats
    public let verification: Verification.Outcome
    /// Useful flops of one repetition.
    public let flops: Double
    /// `--algorithm tiles` only: the transport, and gemm's tile grid `RxC`.
    public var transport: Transport? = nil
    public var split: String? = nil
    public var gflops: Double { flops / stats.median / 1e9 }
}

/// What one `gemmbench-mpi gemm` produced.
public struct MPIGemmResult: Sendable {
    public let options: MPIGemmOptions
    public let measurement: MPIMeasurement
    /// SUMMA's panel width (nil for PDGEMM, which blocks by `PdgemmGemm.blockSize`).
    public let panelWidth: Int?
}

/// Runs, times and verifies one product on every rank of the world.
public enum MPIGemmRunner {
    /// Collective on `world`. Throws `MPIUsageError` only for what every rank
    /// found alike (a grid that does not match the node count, too little memory).
    public static func run(_ options: MPIGemmOptions, algorithm: CollectiveAlgorithm, world: Communicator) throws -> MPIGemmResult {
        BLAS.threads = options.run.threads
        let (m, k, n) = (options.m, options.k, options.n)
        JobWatchdog.arm(options.run.progressDeadline, flops: options.flops,
                        elements: Double(m) * Double(k) + Double(k) * Double(n) + Double(m) * Double(n),
                        kernel: algorithm == .pdgemm ? .blas : options.run.kernel, step: .settingUp)
        let topology = try NodeTopology(world: world, split: options.run.nodeSplit)
        defer { try? topology.free() }
        var products = 0
        func countProduct() {
            products += 1
            MPIFaultInjection.failRankIfRequested(rank: world.rank, size: world.size, product: products)
        }

        switch algorithm {
        case .summa:
            let grid = options.run.grid ?? .mostSquare(topology.nodeCount)
            try MPIRunOptions.checkGrid(grid, members: topology.nodeCount, what: "node")
            let shape = SummaEngine.Shape(m: m, k: k, n: n)
            let nodeBytes = SummaEngine.nodeBytes(matrices: [(m, k), (k, n), (m, n)], shapes: [shape],
                                                  grid: grid, nodeIndex: topology.nodeIndex)
            try MemoryCheck.require(bytesOnThisRank: topology.isLeader ? nodeBytes : 0, world: world)
            let engine = try SummaEngine(grid: grid, topology: topology, shapes: [shape], kernel: options.run.kernel)
            let a = try engine.randomMatrix(rows: m, cols: k, seed: options.seed)
            let b = try engine.randomMatrix(rows: k, cols: n, seed: options.seed &+ 1)
            let c = try engine.matrix(rows: m, cols: n)
            let stats = try DistributedTiming.measure(options.run.repetition, on: world) {
                countProduct()
                try engine.multiply(a, b, into: c)
            }
            JobWatchdog.beat(.verifying)
            try MPIFaultInjection.corruptResultIfRequested([c.ownBlock], rows: m, cols: n, world: world)
            let outcome = try DistributedVerification.checkProduct(
                a: [a.ownBlock], b: [b.ownBlock], c: [c.ownBlock], m: m, k: k, n: n, on: world)
            for matrix in [c, b, a] { try matrix.free() }
            try engine.free()
            return MPIGemmResult(options: options, measurement: MPIMeasurement(
                ranks: world.size, nodes: topology.nodeCount, grid: grid, stats: stats, verification: outcome,
                flops: options.flops), panelWidth: engine.plan(m: m, k: k, n: n).width)
        case .pdgemm:
            let grid = options.run.grid ?? .mostSquare(world.size)
            try MemoryCheck.require(bytesOnThisRank: PdgemmGemm.localBytes(m: m, k: k, n: n, grid: grid, rank: world.rank),
                                    world: world)
            let pdgemm = try PdgemmGemm(m: m, k: k, n: n, grid: grid, seed: options.seed)
            defer { pdgemm.free() }
            let stats = try DistributedTiming.measure(options.run.repetition, on: world) {
                countProduct()
                pdgemm.multiply()
            }
            let own = pdgemm.localBlocks
            JobWatchdog.beat(.verifying)
            try MPIFaultInjection.corruptResultIfRequested(own.c, rows: m, cols: n, world: world)
            let outcome = try DistributedVerification.checkProduct(
                a: own.a, b: own.b, c: own.c, m: m, k: k, n: n, on: world)
            return MPIGemmResult(options: options, measurement: MPIMeasurement(
                ranks: world.size, nodes: topology.nodeCount, grid: grid, stats: stats, verification: outcome,
                flops: options.flops), panelWidth: nil)
        }
    }
}
