/// A piece of the arena, addressed by offset (not pointer): each process maps
/// the arena at its own address, so only offsets mean the same thing to all.
public struct ArenaRegion: Hashable, Sendable {
    public let offset: Int
    public let bytes: Int
    public init(offset: Int, bytes: Int) {
        self.offset = offset
        self.bytes = bytes
    }
    public var end: Int { offset + bytes }
}

/// First-fit allocator of 64-byte aligned regions inside a fixed capacity.
///
/// Freed regions merge with free neighbours and are reused lowest-address first,
/// so pages already touched are used again and the high-water mark stays near
/// the peak of live bytes. Pure bookkeeping: it never touches memory.
public struct RegionAllocator: Sendable {
    public static let alignment = 64
    public let capacity: Int
    /// Free extents sorted by offset, never adjacent (they merge).
    private var free: [ArenaRegion]
    public private(set) var liveBytes = 0
    public private(set) var peakLiveBytes = 0
    /// The largest end offset ever handed out: the arena bytes actually touched.
    public private(set) var highWaterBytes = 0

    public init(capacity: Int) {
        self.capacity = capacity
        free = capacity > 0 ? [ArenaRegion(offset: 0, bytes: capacity)] : []
    }

    public static func aligned(_ bytes: Int) -> Int {
        (max(bytes, 1) + alignment - 1) / alignment * alignment
    }

    /// A region of at least `bytes` (rounded up to the alignment), or nil when none fits.
    public mutating func allocate(bytes: Int) -> ArenaRegion? {
        let size = Self.aligned(bytes)
        guard let index = free.firstIndex(where: { $0.bytes >= size }) else { return nil }
        let extent = free[index]
        let region = ArenaRegion(offset: extent.offset, bytes: size)
        if extent.bytes == size {
            free.remove(at: index)
        } else {
            free[index] = ArenaRegion(offset: extent.offset + size, bytes: extent.bytes - size)
        }
        liveBytes += size
        peakLiveBytes = max(peakLiveBytes, liveBytes)
        highWaterBytes = max(highWaterBytes, region.end)
        return region
    }

    /// Returns a region from `allocate` to the free list.
    public mutating func release(_ region: ArenaRegion) {
        let index = free.firstIndex(where: { $0.offset > region.offset }) ?? free.count
        precondition(index == 0 || free[index - 1].end <= region.offset, "double free of arena region")
        precondition(index == free.count || region.end <= free[index].offset, "double free of arena region")
        free.insert(region, at: index)
        liveBytes -= region.bytes
        // Merge with the right neighbour, then the left.
        if index + 1 < free.count, free[index].end == free[index + 1].offset {
            free[index] = ArenaRegion(offset: free[index].offset, bytes: free[index].bytes + free[index + 1].bytes)
            free.remove(at: index + 1)
        }
        if index > 0, free[index - 1].end == free[index].offset {
            free[index - 1] = ArenaRegion(offset: free[index - 1].offset, bytes: free[index - 1].bytes + free[index].bytes)
            free.remove(at: index)
        }
    }
}
