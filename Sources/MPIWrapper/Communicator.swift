import CMPI

/// A communicator and this process's place in it. The thin, typed layer over
/// the MPI calls gemmbench-mpi makes; nothing above it sees an MPI return code.
public struct Communicator: @unchecked Sendable {
    public let handle: MPI_Comm
    /// This process's rank in the communicator, 0 ..< size.
    public let rank: Int
    public let size: Int

    /// Wraps `handle` and asks for rank and size (local queries, no messages).
    /// The corresponding C functions are `MPI_Comm_rank` and `MPI_Comm_size`.
    public init(_ handle: MPI_Comm) throws(MPIError) {
        var rank: Int32 = 0, size: Int32 = 0
        try checked("MPI_Comm_rank") { MPI_Comm_rank(handle, &rank) }
        try checked("MPI_Comm_size") { MPI_Comm_size(handle, &size) }
        self.handle = handle
        self.rank = Int(rank)
        self.size = Int(size)
    }

    /// MPI_COMM_WORLD.
    public static func world() throws(MPIError) -> Communicator { try Communicator(cmpi_comm_world()) }

    /// The corresponding C function is `MPI_Barrier`.
    public func barrier() throws(MPIError) {
        try checked("MPI_Barrier") { MPI_Barrier(handle) }
    }

    /// Element-wise reduction of `values` over all ranks; every rank gets the result.
    /// The corresponding C function is `MPI_Allreduce` (with `MPI_IN_PLACE`).
    public func allReduce(_ values: inout [Double], _ operation: ReductionOperation) throws(MPIError) {
        let count = try messageCount(values.count, for: "MPI_Allreduce")
        let handle = self.handle
        try values.withUnsafeMutableBufferPointer { (buffer) throws(MPIError) in
            try checked("MPI_Allreduce") {
                MPI_Allreduce(cmpi_in_place(), buffer.baseAddress, count, cmpi_double(), operation.handle, handle)
            }
        }
    }

    /// One value reduced over all ranks.
    public func allReduce(_ value: Double, _ operation: ReductionOperation) throws(MPIError) -> Double {
        var values = [value]
        try allReduce(&values, operation)
        return values[0]
    }

    /// Integer sum over all ranks (counting nodes, agreeing on a flag).
    public func allReduceSum(_ value: Int) throws(MPIError) -> Int {
        Int(try allReduce(Double(value), .sum))
    }

    /// Starts broadcasting `count` elements of `datatype` at `buffer` from `root`.
    /// The buffer must stay untouched until the request completes.
    /// The corresponding C function is `MPI_Ibcast`.
    public func startBroadcast(_ buffer: UnsafeMutableRawPointer, count: Int32, datatype: MPI_Datatype,
                               root: Int) throws(MPIError) -> Request {
        var request: MPI_Request? = cmpi_request_null()
        try checked("MPI_Ibcast") { MPI_Ibcast(buffer, count, datatype, Int32(root), handle, &request) }
        return Request(handle: request)
    }

    /// Blocking broadcast. The corresponding C function is `MPI_Bcast`.
    public func broadcast(_ buffer: UnsafeMutableRawPointer, count: Int32, datatype: MPI_Datatype,
                          root: Int) throws(MPIError) {
        try checked("MPI_Bcast") { MPI_Bcast(buffer, count, datatype, Int32(root), handle) }
    }

    /// Broadcasts one integer from `root`.
    public func broadcast(_ value: Int, root: Int) throws(MPIError) -> Int {
        var wide = Int64(value)
        try broadcast(&wide, count: 1, datatype: cmpi_int64(), root: root)
        return Int(wide)
    }

    /// Broadcasts `text` from `root` (its UTF-8 length, then its bytes); every rank
    /// returns root's text, whatever it passed.
    public func broadcast(_ text: String, root: Int) throws(MPIError) -> String {
        let bytes = Array(text.utf8)
        let count = try broadcast(bytes.count, root: root)
        let messageBytes = try messageCount(count, for: "MPI_Bcast")
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(count, 1))
        defer { buffer.deallocate() }
        if rank == root { buffer.initialize(from: bytes, count: count) }
        if count > 0 { try broadcast(buffer, count: messageBytes, datatype: cmpi_byte(), root: root) }
        return String(decoding: UnsafeBufferPointer(start: buffer, count: count), as: UTF8.self)
    }

    /// The sub-communicator of ranks that passed the same `color`, ordered by
    /// `key`; nil (MPI_COMM_NULL) for a rank that passed `nil`.
    /// The corresponding C function is `MPI_Comm_split`.
    public func split(color: Int?, key: Int) throws(MPIError) -> Communicator? {
        var newHandle: MPI_Comm? = cmpi_comm_null()
        let colorValue = color.map { Int32($0) } ?? cmpi_undefined()
        try checked("MPI_Comm_split") { MPI_Comm_split(handle, colorValue, Int32(key), &newHandle) }
        guard let newHandle, newHandle != cmpi_comm_null() else { return nil }
        return try Communicator(newHandle)
    }

    /// The ranks that can share memory with this one (one node), ordered by rank.
    /// The corresponding C function is `MPI_Comm_split_type` with `MPI_COMM_TYPE_SHARED`.
    public func splitByNode() throws(MPIError) -> Communicator {
        var newHandle: MPI_Comm? = cmpi_comm_null()
        try checked("MPI_Comm_split_type") {
            MPI_Comm_split_type(handle, cmpi_comm_type_shared(), Int32(rank), cmpi_info_null(), &newHandle)
        }
        guard let newHandle else { throw MPIError(call: "MPI_Comm_split_type", code: MPI_ERR_COMM) }
        return try Communicator(newHandle)
    }

    /// Releases a communicator this process created (never the world).
    /// The corresponding C function is `MPI_Comm_free`.
    public func free() throws(MPIError) {
        var handle: MPI_Comm? = self.handle
        try checked("MPI_Comm_free") { MPI_Comm_free(&handle) }
    }
}

/// MPI_SUM, MPI_MAX, MPI_MIN.
public enum ReductionOperation: Sendable {
    case sum, max, min
    var handle: MPI_Op {
        switch self {
        case .sum: return cmpi_sum()
        case .max: return cmpi_max()
        case .min: return cmpi_min()
        }
    }
}

/// A pending non-blocking operation. Completing it twice is harmless: MPI
/// resets a completed request to MPI_REQUEST_NULL, and waiting on that returns at once.
public struct Request: @unchecked Sendable {
    var handle: MPI_Request?

    /// Blocks until the operation is done. The corresponding C function is `MPI_Wait`.
    public mutating func wait() throws(MPIError) {
        try checked("MPI_Wait") { MPI_Wait(&handle, cmpi_status_ignore()) }
    }

    /// Lets MPI move the operation forward (Open MPI progresses non-blocking
    /// collectives only inside MPI calls); true once it is done.
    /// The corresponding C function is `MPI_Test`.
    @discardableResult
    public mutating func test() throws(MPIError) -> Bool {
        var done: Int32 = 0
        try checked("MPI_Test") { MPI_Test(&handle, &done, cmpi_status_ignore()) }
        return done != 0
    }
}
