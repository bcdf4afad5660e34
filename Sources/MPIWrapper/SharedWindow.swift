import CMPI

/// One MPI-3 shared-memory window per node: the node's arena.
///
/// The node's first rank allocates all of it; the others allocate nothing and
/// map the first rank's segment (`MPI_Win_shared_query`), so every rank of the
/// node addresses the same bytes and no block is ever copied between them.
/// Open MPI backs the window with a file in /dev/shm that it removes itself,
/// also when the job is killed.
public final class SharedWindow: @unchecked Sendable {
    /// Cache-line alignment for every region (the arena's rule). Open MPI's
    /// segment base came back only 8- or 16-byte aligned, so `base` is rounded
    /// up by hand and the segment is allocated this much larger.
    public static let alignment = 64

    private var window: MPI_Win?
    private let node: Communicator
    /// First byte, 64-byte aligned; `capacity` usable bytes follow.
    public let base: UnsafeMutableRawPointer
    public let capacity: Int

    /// Allocates `capacity` bytes shared by the ranks of `node` (collective on `node`).
    /// The corresponding C functions are `MPI_Win_allocate_shared`,
    /// `MPI_Win_shared_query` and `MPI_Win_lock_all`.
    public init(capacity: Int, node: Communicator) throws(MPIError) {
        self.node = node
        self.capacity = capacity
        let ownBytes = node.rank == 0 ? capacity + Self.alignment : 0
        var ownBase: UnsafeMutableRawPointer? = nil
        var window: MPI_Win? = nil
        try checked("MPI_Win_allocate_shared") {
            MPI_Win_allocate_shared(MPI_Aint(ownBytes), 1, cmpi_info_null(), node.handle, &ownBase, &window)
        }
        var size: MPI_Aint = 0
        var unit: Int32 = 0
        var leaderBase: UnsafeMutableRawPointer? = nil
        try checked("MPI_Win_shared_query") { MPI_Win_shared_query(window, 0, &size, &unit, &leaderBase) }
        guard let leaderBase, Int(size) >= capacity + Self.alignment else {
            throw MPIError(call: "MPI_Win_shared_query", code: MPI_ERR_WIN)
        }
        let address = Int(bitPattern: leaderBase)
        let aligned = (address + Self.alignment - 1) / Self.alignment * Self.alignment
        base = leaderBase + (aligned - address)
        self.window = window
        // Passive-target epoch for the window's whole life: `synchronize` is then
        // the unified memory model's sync + barrier + sync.
        try checked("MPI_Win_lock_all") { MPI_Win_lock_all(cmpi_mode_nocheck(), window) }
    }

    /// Makes every rank's stores to the window visible to every other rank of
    /// the node, and waits until all have arrived (collective on the node).
    /// The corresponding C functions are `MPI_Win_sync` and `MPI_Barrier`.
    public func synchronize() throws(MPIError) {
        guard node.size > 1 else { return }
        try checked("MPI_Win_sync") { MPI_Win_sync(window) }
        try node.barrier()
        try checked("MPI_Win_sync") { MPI_Win_sync(window) }
    }

    /// Makes this rank's stores to the window visible to the other ranks and
    /// theirs to this one, without waiting for anyone (not collective). A
    /// message between two ranks, each calling this on its side (after its
    /// stores before sending, after receiving before its loads), orders their
    /// accesses: how `--algorithm tiles` hands regions between ranks.
    /// The corresponding C function is `MPI_Win_sync`.
    public func syncMemory() throws(MPIError) {
        try checked("MPI_Win_sync") { MPI_Win_sync(window) }
    }

    /// `count` doubles at byte `offset` (a multiple of `alignment`).
    public func doubles(at offset: Int, count: Int) -> UnsafeMutablePointer<Double> {
        precondition(offset % Self.alignment == 0 && offset >= 0 && offset + 8 * count <= capacity,
                     "region \(offset)+\(8 * count) outside the \(capacity)-byte window")
        return (base + offset).bindMemory(to: Double.self, capacity: count)
    }

    /// Ends the epoch and frees the window (collective on the node).
    /// The corresponding C functions are `MPI_Win_unlock_all` and `MPI_Win_free`.
    public func free() throws(MPIError) {
        guard window != nil else { return }
        try checked("MPI_Win_unlock_all") { MPI_Win_unlock_all(window) }
        try checked("MPI_Win_free") { MPI_Win_free(&window) }
        window = nil
    }

    /// Bytes a region of `count` doubles takes, rounded up to `alignment`.
    public static func regionBytes(doubles count: Int) -> Int {
        (8 * count + alignment - 1) / alignment * alignment
    }
}
