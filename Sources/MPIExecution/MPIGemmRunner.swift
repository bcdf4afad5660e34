import GemmCore

/// What one measured `gemmbench-mpi gemm` produced (the same on every rank).
public struct MPIGemmResult: Sendable {
    public let options: MPIGemmOptions
    public let ranks: Int
    public let nodes: Int
    public let grid: ProcessGrid
    /// SUMMA's panel width (nil for PDGEMM, which blocks by `PdgemmGemm.blockSize`).
    public let panelWidth: Int?
    public let stats: TimingStats
    public let verification: DistributedVerification.Outcome
    public var gflops: Double { options.flops / stats.median / 1e9 }
}

/// Runs, times and verifies one product on every rank of the world.
public enum MPIGemmRunner {
    /// Collective on `world`. Throws `MPIUsageError` only for what every rank
    /// found alike (a grid that does not match the node count).
    public static func run(_ options: MPIGemmOptions, world: Communicator) throws -> MPIGemmResult {
        BLAS.threads = options.threads
        let topology = try NodeTopology(world: world, split: options.nodeSplit)
        defer { try? topology.free() }
        var products = 0
        func countProduct() {
            products += 1
            MPIFaultInjection.killIfRequested(rank: world.rank, size: world.size, product: products)
        }

        switch options.algorithm {
        case .summa:
            let grid = options.grid ?? .mostSquare(topology.nodeCount)
            try MPIGemmOptions.checkGrid(grid, members: topology.nodeCount, what: "node")
            let summa = try SummaGemm(m: options.m, k: options.k, n: options.n, grid: grid,
                                      topology: topology, seed: options.seed)
            defer { try? summa.free() }
            let stats = try DistributedTiming.measure(options.repetition, on: world) {
                countProduct()
                try summa.multiply()
            }
            if world.rank == 0 { FaultInjection.corruptIfRequested(summa.ownResultRows) }
            let own = summa.localBlocks
            let outcome = try DistributedVerification.checkProduct(
                a: [own.a], b: [own.b], c: [own.c], m: options.m, k: options.k, n: options.n, on: world)
            return MPIGemmResult(options: options, ranks: world.size, nodes: topology.nodeCount, grid: grid,
                                 panelWidth: summa.plan.width, stats: stats, verification: outcome)
        case .pdgemm:
            let grid = options.grid ?? .mostSquare(world.size)
            let pdgemm = try PdgemmGemm(m: options.m, k: options.k, n: options.n, grid: grid, seed: options.seed)
            defer { pdgemm.free() }
            let stats = try DistributedTiming.measure(options.repetition, on: world) {
                countProduct()
                pdgemm.multiply()
            }
            if let first = pdgemm.firstResultElement {
                FaultInjection.corruptIfRequested(MatrixView(base: first, rows: 1, cols: 1, leadingDimension: 1))
            }
            let own = pdgemm.localBlocks
            let outcome = try DistributedVerification.checkProduct(
                a: own.a, b: own.b, c: own.c, m: options.m, k: options.k, n: options.n, on: world)
            return MPIGemmResult(options: options, ranks: world.size, nodes: topology.nodeCount, grid: grid,
                                 panelWidth: nil, stats: stats, verification: outcome)
        }
    }
}
