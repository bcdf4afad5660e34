import CMPI

/// The collectives `BlockRedistribution` moves a matrix between layouts with.
extension Communicator {
    /// Every rank's `values` (each rank passes the same count), in rank order.
    /// The corresponding C function is `MPI_Allgather`.
    public func allGather(_ values: [Int64]) throws(MPIError) -> [Int64] {
        let count = try messageCount(values.count, for: "MPI_Allgather")
        var gathered = [Int64](repeating: 0, count: values.count * size)
        let handle = self.handle
        try values.withUnsafeBufferPointer { (own) throws(MPIError) in
            try gathered.withUnsafeMutableBufferPointer { (all) throws(MPIError) in
                try checked("MPI_Allgather") {
                    MPI_Allgather(own.baseAddress, count, cmpi_int64(), all.baseAddress, count, cmpi_int64(), handle)
                }
            }
        }
        return gathered
    }

    /// Sends `sendCounts[j]` doubles from `send + sendOffsets[j]` to rank j and
    /// receives `receiveCounts[j]` from rank j at `receive + receiveOffsets[j]`,
    /// every rank at once. The corresponding C function is `MPI_Alltoallv`.
    public func allToAll(send: UnsafePointer<Double>?, sendCounts: [Int32], sendOffsets: [Int32],
                         receive: UnsafeMutablePointer<Double>?, receiveCounts: [Int32],
                         receiveOffsets: [Int32]) throws(MPIError) {
        precondition([sendCounts, sendOffsets, receiveCounts, receiveOffsets].allSatisfy { $0.count == size },
                     "one count and offset per rank")
        try checked("MPI_Alltoallv") {
            MPI_Alltoallv(send, sendCounts, sendOffsets, cmpi_double(), receive, receiveCounts, receiveOffsets,
                          cmpi_double(), handle)
        }
    }
}
