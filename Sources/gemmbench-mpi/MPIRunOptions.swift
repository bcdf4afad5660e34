import GemmCore
import ProcessPool
import TilesOnRanks
import Vocabulary
import MPIWrapper
import DistributedProducts

/// Options `gemm` and `chain` share: how often to run, and on what grid.
/// Parsed identically on every rank from the same arguments, so every rank
/// reaches the same verdict on them without sending a byte.
public struct MPIRunOptions: Sendable {
    public var threads = 1
    public var repetition = RepetitionPolicy(warmups: 1, minRepetitions: 5, minSeconds: 0)
    public var csv = false
    /// `--samples` (with `--csv`): the row also lists every timed run (column
    /// `samples_s`), as gemmbench's does; a sweep asks for it to pool samples.
    public var samples = false
    /// nil = `ProcessGrid.mostSquare` of the nodes (summa) or ranks (pdgemm).
    public var grid: ProcessGrid?
    public var algorithm = MPIAlgorithm.summa
    public var nodeSplit = NodeSplit.auto
    /// The local product SUMMA and tiles call (PDGEMM always calls BLAS itself).
    public var kernel = Kernel.blas
    /// How operands reach the ranks with `--algorithm tiles` (`--transport`);
    /// SUMMA and PDGEMM share a window within a node and send messages across.
    public var transport = Transport.shm
    /// How long each rank's reply to a task may take with `--algorithm tiles`
    /// (`--task-timeout S`, as gemmbench's); then rank 0 ends the run naming the rank.
    public var replyTimeout = ReplyTimeout.scaledToTask
    /// How long a rank of a SUMMA or PDGEMM run may go without progress
    /// (`--task-timeout S`); then its watchdog ends the job (`JobWatchdog`).
    public var progressDeadline = ProgressDeadline.scaledToProblem

    static let flags: Set<String> = [
        "--threads", "--repeat", "--min-time", "--warmup", "--csv", "--samples", "--grid", "--algorithm", "--node-split", "--kernel",
        "--transport", "--task-timeout",
    ]

    /// gemmbench options that have no meaning under mpirun, and why.
    static let processPoolFlags: [String: String] = [
        "--workers": "ranks come from mpirun -np (with --algorithm tiles every rank, rank 0 included, is a worker)",
    ]

    /// Fails on an option of gemmbench's process pool with a line saying what replaces it.
    static func rejectProcessPoolOptions(_ list: MPIArguments) throws(MPIUsageError) {
        for argument in list.remaining {
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if let reason = processPoolFlags[name] {
                throw MPIUsageError("\(name) does not apply to gemmbench-mpi: \(reason)")
            }
        }
    }

    static func parse(_ list: inout MPIArguments, worldSize: Int) throws(MPIUsageError) -> MPIRunOptions {
        var options = MPIRunOptions()
        options.threads = try list.integer("--threads", minimum: 1) ?? 1
        options.repetition = try list.repetitionPolicy()
        (options.csv, options.samples) = try list.csvOutput()
        if let text = try list.value("--grid") {
            guard let grid = ProcessGrid(parsing: text) else {
                throw MPIUsageError("--grid \(text) is not PxQ with whole numbers P, Q ≥ 1")
            }
            options.grid = grid
        }
        options.algorithm = try list.choice("--algorithm", of: MPIAlgorithm.self) ?? .summa
        options.kernel = try list.choice("--kernel", of: Kernel.self) ?? .blas
        if let transport = try list.choice("--transport", of: Transport.self) {
            guard options.algorithm == .tiles else {
                throw MPIUsageError("--transport needs --algorithm tiles (\(options.algorithm.rawValue) shares a window within a node and sends messages across nodes)")
            }
            options.transport = transport
        }
        if let seconds = try list.decimal("--task-timeout", allowZero: false) {
            if options.algorithm == .tiles { options.replyTimeout = .seconds(seconds) }
            else { options.progressDeadline = .seconds(seconds) }
        }
        if options.algorithm == .tiles, let grid = options.grid {
            throw MPIUsageError("--grid \(grid) is SUMMA's and PDGEMM's process grid; --algorithm tiles hands tiles to ranks as they free up (gemm: --split RxC)")
        }
        if options.algorithm == .pdgemm && options.kernel != .blas {
            throw MPIUsageError("--kernel \(options.kernel.rawValue) needs --algorithm summa (PDGEMM calls BLAS itself)")
        }
        if let text = try list.value("--node-split") {
            guard let split = NodeSplit(argument: text) else {
                throw MPIUsageError("--node-split \(text) is not auto, rank or a whole number of ranks per node ≥ 1")
            }
            options.nodeSplit = split
        }
        if options.threads > 1024 { throw MPIUsageError("--threads \(options.threads) is more than 1024") }
        // Every rank its own node is known before any message; nodes of several
        // machines or `--node-split K` are counted later (`TilesRun.session`).
        if options.algorithm == .tiles && options.transport == .shm && options.nodeSplit == .rank && worldSize > 1 {
            throw MPIUsageError(TilesRun.shmAcrossNodes(nodes: worldSize))
        }
        // With one member per rank the grid can be checked here; for
        // `--node-split auto` it covers nodes, counted later (see `checkGrid`).
        if let grid = options.grid, options.algorithm == .pdgemm || options.nodeSplit == .rank {
            try checkGrid(grid, members: worldSize, what: "rank")
        }
        return options
    }

    /// A grid must have one member per node (SUMMA) or rank (PDGEMM).
    static func checkGrid(_ grid: ProcessGrid, members: Int, what: String) throws(MPIUsageError) {
        guard grid.count == members else {
            var message = "--grid \(grid) has \(grid.count) members but this job has \(members) \(what)\(members == 1 ? "" : "s")"
            if what == "node" { message += " (--node-split rank makes every rank a node)" }
            throw MPIUsageError(message)
        }
    }
}
