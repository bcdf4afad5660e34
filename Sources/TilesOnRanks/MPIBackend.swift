import Execution
import GemmCore
import ProcessPool
import SystemBoundary
import Vocabulary
import MPIWrapper

/// Rank 0's `ExecutionBackend` for `--algorithm tiles`: arenas and executors
/// whose workers are the job's ranks, so gemmbench's own `GemmRunner` and
/// `ChainRunner` run on MPI unchanged. The other ranks serve meanwhile
/// (`MPITaskServer`) until `finish` stops them.
///
/// With `shm` an arena is an MPI-3 shared window of the node (every rank of
/// the job: `TilesRun` refuses `shm` across nodes): rank 0 tells each serving
/// rank to join the collective allocation, then joins it itself. With
/// `message` an arena is rank 0's own memfd, which no other rank sees.
final class MPIBackend: ExecutionBackend {
    private let world: Communicator
    private let node: Communicator
    private let transport: Transport
    /// Every window allocated, oldest first (freed in this order, as the servers free theirs).
    private var windows: [SharedWindow] = []
    private var finished = false

    init(world: Communicator, node: Communicator, transport: Transport) {
        self.world = world
        self.node = node
        self.transport = transport
    }

    func makeArena(capacity: Int, availableMemory: Int) throws -> Arena {
        let bytes = Arena.roundedCapacity(capacity)
        guard transport == .shm else { return try Arena(capacity: bytes, availableMemory: availableMemory) }
        guard bytes <= availableMemory else { throw Arena.TooLarge(requested: bytes, available: availableMemory) }
        let command = TilesCommand.allocateArena(bytes: bytes)
        for rank in 1..<world.size { try world.send(command.body, to: rank, tag: command.tag.rawValue) }
        let window = try SharedWindow(capacity: bytes, node: node)
        windows.append(window)
        return Arena(borrowing: window.base, capacity: bytes, owner: window)
    }

    /// Rank 0 alone when `settings.workers` is 0 (a chain `SmallChainRule` keeps
    /// in one process); else every rank.
    func makeExecutor(_ settings: ExecutionSettings, arena: Arena) throws -> ProductExecutor {
        if settings.workers == 0 { return InProcessExecutor(arena: arena) }
        let window = windows.first { $0.base == arena.base }
        return MPITaskExecutor(world: world, arena: arena, window: window, replyTimeout: settings.replyTimeout)
    }

    /// Tells every serving rank to free its windows and exit with `status`,
    /// then frees rank 0's (collective with them). Once only: later calls do nothing.
    func finish(status: ExitCode) throws {
        guard !finished else { return }
        finished = true
        let command = TilesCommand.stop(status: status.rawValue)
        for rank in 1..<world.size { try world.send(command.body, to: rank, tag: command.tag.rawValue) }
        for window in windows { try window.free() }
        windows = []
    }
}
