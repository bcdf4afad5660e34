import CMPI

/// Messages between two ranks: what `--algorithm tiles` sends (commands,
/// task records, operand blocks, replies). Every message is bytes or doubles.
extension Communicator {
    /// A message waiting to be received: who sent it, its tag, and its size in bytes.
    public struct Arrival: Equatable, Sendable {
        public let source: Int
        public let tag: Int32
        public let bytes: Int
    }

    /// Sends `count` elements of `datatype` at `buffer` to `rank`, returning once
    /// the buffer may be reused. The corresponding C function is `MPI_Send`.
    public func send(_ buffer: UnsafeRawPointer, count: Int, datatype: MPI_Datatype, to rank: Int, tag: Int32) throws(MPIError) {
        let narrow = try messageCount(count, for: "MPI_Send")
        try checked("MPI_Send") { MPI_Send(buffer, narrow, datatype, Int32(rank), tag, handle) }
    }

    /// Sends `bytes` to `rank`.
    public func send(_ bytes: [UInt8], to rank: Int, tag: Int32) throws(MPIError) {
        try bytes.withUnsafeBufferPointer { (raw) throws(MPIError) in
            try send(raw.baseAddress ?? UnsafePointer(bitPattern: 8)!, count: raw.count, datatype: cmpi_byte(), to: rank, tag: tag)
        }
    }

    /// Starts sending `count` elements of `datatype` at `buffer` to `rank`; the
    /// buffer must stay untouched until the request completes.
    /// The corresponding C function is `MPI_Isend`.
    public func startSend(_ buffer: UnsafeRawPointer, count: Int, datatype: MPI_Datatype, to rank: Int,
                          tag: Int32) throws(MPIError) -> Request {
        let narrow = try messageCount(count, for: "MPI_Isend")
        var request: MPI_Request? = cmpi_request_null()
        try checked("MPI_Isend") { MPI_Isend(buffer, narrow, datatype, Int32(rank), tag, handle, &request) }
        return Request(handle: request)
    }

    /// Starts receiving `count` elements of `datatype` from `rank` with `tag` into `buffer`.
    /// The corresponding C function is `MPI_Irecv`.
    public func startReceive(into buffer: UnsafeMutableRawPointer, count: Int, datatype: MPI_Datatype,
                             from rank: Int, tag: Int32) throws(MPIError) -> Request {
        let narrow = try messageCount(count, for: "MPI_Irecv")
        var request: MPI_Request? = cmpi_request_null()
        try checked("MPI_Irecv") { MPI_Irecv(buffer, narrow, datatype, Int32(rank), tag, handle, &request) }
        return Request(handle: request)
    }

    /// Receives `count` elements of `datatype` from `rank` with `tag` into `buffer`.
    /// The corresponding C function is `MPI_Recv`.
    public func receive(into buffer: UnsafeMutableRawPointer, count: Int, datatype: MPI_Datatype,
                        from rank: Int, tag: Int32) throws(MPIError) {
        let narrow = try messageCount(count, for: "MPI_Recv")
        try checked("MPI_Recv") { MPI_Recv(buffer, narrow, datatype, Int32(rank), tag, handle, cmpi_status_ignore()) }
    }

    /// Receives a message of exactly `count` bytes.
    public func receiveBytes(count: Int, from rank: Int, tag: Int32) throws(MPIError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBufferPointer { (raw) throws(MPIError) in
            try receive(into: raw.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!, count: count,
                        datatype: cmpi_byte(), from: rank, tag: tag)
        }
        return bytes
    }

    /// The next message from `source` (any rank when nil) with `tag` (any tag
    /// when nil) that has arrived, without receiving it; nil when none has.
    /// Returns at once. The corresponding C functions are `MPI_Iprobe` and `MPI_Get_count`.
    public func arrivedMessage(from source: Int?, tag: Int32?) throws(MPIError) -> Arrival? {
        var flag: Int32 = 0
        var status = MPI_Status()
        try checked("MPI_Iprobe") {
            MPI_Iprobe(source.map { Int32($0) } ?? cmpi_any_source(), tag ?? cmpi_any_tag(), handle, &flag, &status)
        }
        guard flag != 0 else { return nil }
        var count: Int32 = 0
        try checked("MPI_Get_count") { MPI_Get_count(&status, cmpi_byte(), &count) }
        return Arrival(source: Int(status.MPI_SOURCE), tag: status.MPI_TAG, bytes: Int(count))
    }
}
