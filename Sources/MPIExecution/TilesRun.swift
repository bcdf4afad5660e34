import CommandLineArguments
import ChainPlanning
import Execution
import GemmCore
import NumpyIO
import Platform
import ProcessPool
import Runners
import SystemBoundary

/// `--algorithm tiles`: rank 0 runs gemmbench's own `GemmRunner` or
/// `ChainRunner` — the same tiles, chains, DAG, planners and verification as
/// `gemmbench` — on an `MPIBackend`, whose executor's workers are the job's P
/// ranks (rank 0 included). Every other rank serves tasks (`MPITaskServer`)
/// until rank 0 stops it with the run's exit status.
///
/// The report's `grid` is "-": tiles have no process grid, ranks take tiles
/// as they free up. The tile grid is the `split` column (gemm), the
/// transport the `transport` column, as in gemmbench's own rows.
enum TilesRun {
    /// What a rank ends with.
    enum Outcome<Result> {
        /// Rank 0: the measured result.
        case coordinated(Result)
        /// A serving rank: the exit status rank 0 sent with `stop`.
        case served(status: ExitCode)
    }

    /// The usage error for `shm` on a job of several nodes.
    static func shmAcrossNodes(nodes: Int) -> String {
        "--transport shm needs every rank on one node (one shared window), but this job has \(nodes) nodes: use --transport message"
    }

    /// Collective on `world`.
    static func gemm(_ options: MPIGemmOptions, world: Communicator) throws -> Outcome<MPIGemmResult> {
        try session(options.run, world: world) { backend, nodes in
            var config = GemmConfiguration(m: options.m, k: options.k, n: options.n)
            config.kernel = options.run.kernel
            config.split = options.split
            config.seed = options.seed
            apply(options.run, ranks: world.size, to: &config)
            let result = try GemmRunner.run(config, on: backend)
            return MPIGemmResult(options: options, measurement: MPIMeasurement(
                ranks: world.size, nodes: nodes, grid: nil, stats: result.stats,
                verification: result.verification, flops: options.flops,
                transport: options.run.transport, split: result.grid?.splitText), panelWidth: nil)
        } passed: { $0.measurement.verification.passed }
    }

    /// Collective on `world`.
    static func chain(_ options: MPIChainOptions, world: Communicator) throws -> Outcome<MPIChainResult> {
        try session(options.run, world: world) { backend, nodes in
            var options = options
            var config = ChainConfiguration(source: try source(of: &options))
            config.outputPath = options.outputPath
            config.presetName = options.presetName
            config.planner = options.planner
            apply(options.run, ranks: world.size, to: &config)
            let result = try ChainRunner.run(config, on: backend)
            return MPIChainResult(options: options, plan: result.plan, measurement: MPIMeasurement(
                ranks: world.size, nodes: nodes, grid: nil, stats: result.stats,
                verification: result.verification, flops: result.plan.totalFlops,
                transport: options.run.transport), oneProcessReason: result.oneProcessReason)
        } passed: { $0.measurement.verification.passed }
    }

    /// Random factors, or with `--inputs` the factors' .npy headers, read and
    /// checked on rank 0 (which holds the operands, as gemmbench's coordinator
    /// does), `options.dims` taken from them; the `--output` destination is
    /// checked too. A bad file or destination is a usage error, before any work.
    static func source(of options: inout MPIChainOptions) throws(MPIUsageError) -> ChainConfiguration.Source {
        if let path = options.outputPath {
            do { try Npy.checkDestination(path: path) } catch { throw MPIUsageError("--output \(error.description)") }
        }
        guard !options.inputPaths.isEmpty else { return .random(dims: options.dims, seed: options.seed) }
        let headers = try ProblemLimits.chainInputHeaders(options.inputPaths)
        options.dims = [headers[0].rows] + headers.map(\.cols)
        return .files(headers)
    }

    /// The ranks are the workers; none is pinned by gemmbench (mpirun's `--bind-to` does that).
    static func apply<C: SettableExecution>(_ run: MPIRunOptions, ranks: Int, to config: inout C) {
        config.workers = ranks
        config.threads = run.threads
        config.transport = run.transport
        config.replyTimeout = run.replyTimeout
        config.binding = .none
        config.repetition = run.repetition
    }

    /// Sets the ranks' BLAS threads and nodes, then rank 0 runs `coordinate`
    /// (given the backend and the node count) while the others serve. Rank 0
    /// ends the servers with `passed`'s verdict as exit status (0 or 1), or 2
    /// with a usage error when the problem does not fit in memory; any other
    /// failure is thrown as it is (the caller aborts the job).
    static func session<Result>(_ run: MPIRunOptions, world: Communicator,
                                _ coordinate: (MPIBackend, Int) throws -> Result,
                                passed: (Result) -> Bool) throws -> Outcome<Result> {
        BLAS.threads = run.threads
        let topology = try NodeTopology(world: world, split: run.nodeSplit)
        defer { try? topology.free() }
        // Every rank counted the same nodes, so every rank refuses alike.
        if run.transport == .shm && topology.nodeCount > 1 {
            throw MPIUsageError(shmAcrossNodes(nodes: topology.nodeCount))
        }
        guard world.rank == 0 else {
            return .served(status: try MPITaskServer(world: world, node: topology.node).serve())
        }
        let backend = MPIBackend(world: world, node: topology.node, transport: run.transport)
        let result: Result
        do {
            result = try coordinate(backend, topology.nodeCount)
        } catch let error as MPIUsageError {
            try backend.finish(status: .usageError)
            throw error
        } catch let error as GemmRunner.TooLarge {
            try backend.finish(status: .usageError)
            throw MPIUsageError(error.description)
        } catch let error as Arena.TooLarge {
            try backend.finish(status: .usageError)
            throw MPIUsageError(error.description)
        } catch let error as ChainRunner.SizeOverflow {
            try backend.finish(status: .usageError)
            throw MPIUsageError(error.description)
        } catch let error as AddressSpaceCheck.TooSmall {
            try backend.finish(status: .usageError)
            throw MPIUsageError(error.description)
        }
        try backend.finish(status: passed(result) ? .success : .verificationFailed)
        return .coordinated(result)
    }
}
