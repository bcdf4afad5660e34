import DistributedProducts
import Execution
import GemmCore
import MPIWrapper
import ProcessPool
import Runners
import SystemBoundary
import Platform
import Vocabulary

/// `--algorithm tiles`: rank 0 runs gemmbench's own `GemmRunner` or
/// `ChainRunner` — the same tiles, chains, DAG, planners and verification as
/// `gemmbench` — on an `MPIBackend`, whose executor's workers are the job's P
/// ranks (rank 0 included). Every other rank serves tasks (`MPITaskServer`)
/// until rank 0 stops it with the run's exit status. Tiles have no process
/// grid: ranks take them as they free up.
public enum TilesRun {
    /// What a rank ends with.
    public enum Outcome<Result> {
        /// Rank 0: the measured result.
        case coordinated(Result)
        /// A serving rank: the exit status rank 0 sent with `stop`.
        case served(status: ExitCode)

        /// Rank 0's result passed through `transform`; a serving rank's status as it is.
        public func map<Other>(_ transform: (Result) throws -> Other) rethrows -> Outcome<Other> {
            switch self {
            case .coordinated(let result): return .coordinated(try transform(result))
            case .served(let status): return .served(status: status)
            }
        }
    }

    /// The usage error for `shm` on a job of several nodes.
    public static func shmAcrossNodes(nodes: Int) -> String {
        "--transport shm needs every rank on one node (one shared window), but this job has \(nodes) nodes: use --transport message"
    }

    /// How the ranks run tiles: what gemmbench-mpi's `--threads`, `--transport`,
    /// `--task-timeout`, `--repeat`/`--min-time`/`--warmup` and `--node-split` say.
    public struct Settings: Sendable {
        public var threads: Int
        public var transport: Transport
        public var replyTimeout: ReplyTimeout
        public var repetition: RepetitionPolicy
        public var nodeSplit: NodeSplit

        public init(threads: Int, transport: Transport, replyTimeout: ReplyTimeout,
                    repetition: RepetitionPolicy, nodeSplit: NodeSplit) {
            self.threads = threads
            self.transport = transport
            self.replyTimeout = replyTimeout
            self.repetition = repetition
            self.nodeSplit = nodeSplit
        }
    }

    /// What rank 0's run measured, and how many nodes the ranks form.
    public struct Coordinated<Result> {
        public let result: Result
        public let nodes: Int
    }

    /// `GemmRunner` on the ranks. `configuration` gives the problem (shape,
    /// kernel, split, seed); it is called on rank 0 alone, once the other ranks
    /// serve. Collective on `world`.
    public static func gemm(_ settings: Settings, world: Communicator,
                            configuration: () throws -> GemmConfiguration) throws -> Outcome<Coordinated<GemmResult>> {
        try run(settings, world: world, configuration: configuration,
                { config, backend in try GemmRunner.run(config, on: backend) }, passed: { $0.verification.passed })
    }

    /// `ChainRunner` on the ranks. `configuration` gives the chain (its factors,
    /// planner, output); it is called on rank 0 alone, once the other ranks
    /// serve, so a usage error it throws (an unreadable `--inputs` file) stops
    /// them with status 2. Collective on `world`.
    public static func chain(_ settings: Settings, world: Communicator,
                             configuration: () throws -> ChainConfiguration) throws -> Outcome<Coordinated<ChainResult>> {
        try run(settings, world: world, configuration: configuration,
                { config, backend in try ChainRunner.run(config, on: backend) }, passed: { $0.verification.passed })
    }

    /// `runner` with `configuration` on rank 0, the ranks its workers, while the others serve.
    static func run<Configuration: SettableExecution, Result>(
        _ settings: Settings, world: Communicator, configuration: () throws -> Configuration,
        _ runner: (Configuration, ExecutionBackend) throws -> Result, passed: (Result) -> Bool
    ) throws -> Outcome<Coordinated<Result>> {
        try session(settings, world: world) { backend, nodes in
            var config = try configuration()
            apply(settings, ranks: world.size, to: &config)
            return Coordinated(result: try runner(config, backend), nodes: nodes)
        } passed: { passed($0.result) }
    }

    /// The ranks are the workers; none is pinned by gemmbench (mpirun's `--bind-to` does that).
    static func apply<C: SettableExecution>(_ settings: Settings, ranks: Int, to config: inout C) {
        config.workers = ranks
        config.threads = settings.threads
        config.transport = settings.transport
        config.replyTimeout = settings.replyTimeout
        config.binding = .none
        config.repetition = settings.repetition
    }

    /// Sets the ranks' BLAS threads and nodes, then rank 0 runs `coordinate`
    /// (given the backend and the node count) while the others serve. Rank 0
    /// ends the servers with `passed`'s verdict as exit status (0 or 1), or 2
    /// with a usage error when the problem does not fit in memory; any other
    /// failure is thrown as it is (the caller aborts the job).
    static func session<Result>(_ settings: Settings, world: Communicator,
                                _ coordinate: (MPIBackend, Int) throws -> Result,
                                passed: (Result) -> Bool) throws -> Outcome<Result> {
        BLAS.threads = settings.threads
        let topology = try NodeTopology(world: world, split: settings.nodeSplit)
        defer { try? topology.free() }
        // Every rank counted the same nodes, so every rank refuses alike.
        if settings.transport == .shm && topology.nodeCount > 1 {
            throw MPIUsageError(shmAcrossNodes(nodes: topology.nodeCount))
        }
        guard world.rank == 0 else {
            return .served(status: try MPITaskServer(world: world, node: topology.node).serve())
        }
        let backend = MPIBackend(world: world, node: topology.node, transport: settings.transport)
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
