import SystemBoundary
import GemmCore
import Platform

/// The one shared memory every process of a run works in, addressed by offset.
///
/// Usually the coordinator creates it with `memfd_create`: nothing appears in
/// /dev/shm, no other user can open it, and the memory is gone when the last
/// process holding it exits — even after a crash. Workers inherit the
/// descriptor and map the same pages.
///
/// It can also borrow memory someone else owns and shares (gemmbench-mpi's
/// MPI-3 shared window): offsets keep their meaning, but there is no
/// descriptor, so no worker process can attach it.
public final class Arena: @unchecked Sendable {
    /// First byte; a multiple of `RegionAllocator.alignment`.
    public let base: UnsafeMutableRawPointer
    public let capacity: Int
    /// The memfd workers attach; nil for borrowed memory.
    public let descriptor: FileDescriptor?
    /// Keeps the memory mapped for as long as the arena lives: the memfd
    /// mapping, or the owner of borrowed memory.
    private let keepAlive: AnyObject

    public struct TooLarge: Error, CustomStringConvertible {
        public let requested: Int
        public let available: Int
        public init(requested: Int, available: Int) { self.requested = requested; self.available = available }
        public var description: String {
            "shared arena needs \(requested) bytes (\(gibibytes(requested))) but only \(available) bytes (\(gibibytes(available))) are available"
        }
    }

    /// Creates and maps a new arena of `capacity` bytes, after checking the request
    /// against available memory (MemAvailable) so a too-large problem is refused
    /// with a clear error instead of dying to the OOM killer half-way.
    public convenience init(capacity: Int, availableMemory: Int = MachineInfo.availableMemoryBytes()) throws {
        let bytes = Self.roundedCapacity(capacity)
        guard bytes <= availableMemory else { throw TooLarge(requested: bytes, available: availableMemory) }
        self.init(mapping: try SharedMapping(creating: "gemmbench-arena", bytes: bytes))
    }

    /// Maps an arena a coordinator created (worker side); its size is the file's size.
    public convenience init(attaching descriptor: FileDescriptor) throws {
        self.init(mapping: try SharedMapping(attaching: descriptor))
    }

    private init(mapping: SharedMapping) {
        base = mapping.base
        capacity = mapping.bytes
        descriptor = mapping.descriptor
        keepAlive = mapping
    }

    /// An arena over `capacity` bytes at `base` that `owner` keeps valid (and
    /// frees) for as long as this arena is referenced. `base` must be aligned
    /// to `RegionAllocator.alignment`, as the regions carved from it are.
    public init(borrowing base: UnsafeMutableRawPointer, capacity: Int, owner: AnyObject) {
        precondition(Int(bitPattern: base) % RegionAllocator.alignment == 0,
                     "borrowed arena base is not \(RegionAllocator.alignment)-byte aligned")
        self.base = base
        self.capacity = capacity
        descriptor = nil
        keepAlive = owner
    }

    /// The bytes an arena asked for `capacity` bytes holds: at least one aligned region.
    public static func roundedCapacity(_ capacity: Int) -> Int { max(capacity, RegionAllocator.alignment) }

    /// The view of `rows × cols` doubles at `offset` with leading dimension `ld`.
    /// Callers validate extents first (see `TaskRecord.validate`).
    public func view(offset: Int, rows: Int, cols: Int, leadingDimension: Int) -> MatrixView {
        MatrixView(base: (base + offset).assumingMemoryBound(to: Double.self),
                   rows: rows, cols: cols, leadingDimension: leadingDimension)
    }

    /// A region as a dense rows×cols matrix (leading dimension = cols).
    public func view(_ region: ArenaRegion, rows: Int, cols: Int) -> MatrixView {
        precondition(rows * cols * 8 <= region.bytes, "region too small for \(rows)x\(cols)")
        return view(offset: region.offset, rows: rows, cols: cols, leadingDimension: max(cols, 1))
    }
}

/// "1.50 GiB" — for messages people read.
public func gibibytes(_ bytes: Int) -> String {
    let value = Double(bytes) / Double(1 << 30)
    return value >= 0.1 ? "\((value * 100).rounded() / 100) GiB" : "\((Double(bytes) / Double(1 << 20) * 10).rounded() / 10) MiB"
}
