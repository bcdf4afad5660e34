import SystemBoundary
import GemmCore

/// The one shared mapping every process of a run works in.
///
/// The coordinator creates it with `memfd_create`: nothing appears in /dev/shm,
/// no other user can open it, and the memory is gone when the last process
/// holding it exits — even after a crash. Workers inherit the descriptor and map
/// the same pages; they address everything by offset.
public final class Arena: @unchecked Sendable {
    private let mapping: SharedMapping
    public var descriptor: FileDescriptor { mapping.descriptor }
    public var capacity: Int { mapping.bytes }
    public var base: UnsafeMutableRawPointer { mapping.base }

    public struct TooLarge: Error, CustomStringConvertible {
        public let requested: Int
        public let available: Int
        public var description: String {
            "shared arena needs \(requested) bytes (\(gibibytes(requested))) but only \(available) bytes (\(gibibytes(available))) are available"
        }
    }

    /// Creates and maps a new arena of `capacity` bytes, after checking the request
    /// against available memory (MemAvailable) so a too-large problem is refused
    /// with a clear error instead of dying to the OOM killer half-way.
    public init(capacity: Int, availableMemory: Int = MachineInfo.availableMemoryBytes()) throws {
        let bytes = max(capacity, RegionAllocator.alignment)
        guard bytes <= availableMemory else { throw TooLarge(requested: bytes, available: availableMemory) }
        mapping = try SharedMapping(creating: "gemmbench-arena", bytes: bytes)
    }

    /// Maps an arena a coordinator created (worker side); its size is the file's size.
    public init(attaching descriptor: FileDescriptor) throws {
        mapping = try SharedMapping(attaching: descriptor)
    }

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
