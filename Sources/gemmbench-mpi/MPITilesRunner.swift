import CommandLineArguments
import ChainPlanning
import NumpyIO
import Runners
import TilesOnRanks
import MPIWrapper
import DistributedProducts

/// `--algorithm tiles` for gemmbench-mpi's commands: their options as
/// gemmbench's own configurations, run on the ranks by TilesOnRanks'
/// `TilesRun`, and the results as gemmbench-mpi's (grid nil: ranks take tiles
/// as they free up; the transport and gemm's tile grid instead).
enum MPITilesRunner {
    /// Collective on `world`.
    static func gemm(_ options: MPIGemmOptions, world: Communicator) throws -> TilesRun.Outcome<MPIGemmResult> {
        try TilesRun.gemm(settings(options.run), world: world) {
            var config = GemmConfiguration(m: options.m, k: options.k, n: options.n)
            config.kernel = options.run.kernel
            config.split = options.split
            config.seed = options.seed
            return config
        }.map { run in
            MPIGemmResult(options: options, measurement: MPIMeasurement(
                ranks: world.size, nodes: run.nodes, grid: nil, stats: run.result.stats,
                verification: run.result.verification, flops: options.flops,
                transport: options.run.transport, split: run.result.grid?.splitText), panelWidth: nil)
        }
    }

    /// Collective on `world`.
    static func chain(_ options: MPIChainOptions, world: Communicator) throws -> TilesRun.Outcome<MPIChainResult> {
        // Rank 0 fills in `dims` from the `--inputs` headers; the report shows them.
        var options = options
        return try TilesRun.chain(settings(options.run), world: world) {
            var config = ChainConfiguration(source: try source(of: &options))
            config.outputPath = options.outputPath
            config.presetName = options.presetName
            config.planner = options.planner
            return config
        }.map { run in
            MPIChainResult(options: options, plan: run.result.plan, measurement: MPIMeasurement(
                ranks: world.size, nodes: run.nodes, grid: nil, stats: run.result.stats,
                verification: run.result.verification, flops: run.result.plan.totalFlops,
                transport: options.run.transport), oneProcessReason: run.result.oneProcessReason)
        }
    }

    static func settings(_ run: MPIRunOptions) -> TilesRun.Settings {
        TilesRun.Settings(threads: run.threads, transport: run.transport, replyTimeout: run.replyTimeout,
                          repetition: run.repetition, nodeSplit: run.nodeSplit)
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
}
