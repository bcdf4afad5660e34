import MPIWrapper

/// Moves a rows×cols matrix from one `NodeMatrix` layout (a block cut over
/// one grid of some ranks) to another (another grid, other ranks) with one
/// `MPI_Alltoallv` on a communicator holding every rank of both.
///
/// Each rank owns one rectangle of the source (`NodeMatrix.ownBlock`: its rows
/// of its node's block; empty when it holds none) and one of the destination.
/// Rank i sends rank j the intersection of its source rectangle with j's
/// destination rectangle, packed row by row, and j unpacks it into its own rows
/// of the destination, so every element travels once, straight from the rank
/// that owns it to the rank that will. Memory per rank: one send and one receive
/// buffer the size of what it owns; no rank ever holds a whole matrix.
/// The rectangles are exchanged once, at construction (`MPI_Allgather`); `run`
/// then moves the data as often as it is called.
final class BlockRedistribution {
    /// Global rows and columns of one rank's part of a matrix.
    struct Rectangle: Equatable, Sendable {
        var rows: Range<Int>, cols: Range<Int>
        static let empty = Rectangle(rows: 0..<0, cols: 0..<0)
        var count: Int { rows.count * cols.count }
        func intersection(_ other: Rectangle) -> Rectangle {
            let r = rows.clamped(to: other.rows), c = cols.clamped(to: other.cols)
            return r.isEmpty || c.isEmpty ? .empty : Rectangle(rows: r, cols: c)
        }
        init(rows: Range<Int>, cols: Range<Int>) { self.rows = rows; self.cols = cols }
        init(_ block: DistributedBlock?) {
            guard let block, block.rows > 0, block.cols > 0 else { self = .empty; return }
            self.init(rows: block.rowStart..<(block.rowStart + block.rows), cols: block.colStart..<(block.colStart + block.cols))
        }
    }

    /// What this rank sends to and receives from each rank: the rectangles, in
    /// rank order (pure, so the tests check it covers each element once).
    struct Exchange: Equatable {
        let sends: [Rectangle], receives: [Rectangle]

        /// `ownSource` and `ownDestination` are this rank's; `sources[j]` and
        /// `destinations[j]` rank j's.
        init(ownSource: Rectangle, ownDestination: Rectangle, sources: [Rectangle], destinations: [Rectangle]) {
            sends = destinations.map { ownSource.intersection($0) }
            receives = sources.map { $0.intersection(ownDestination) }
        }
    }

    let communicator: Communicator
    let source: DistributedBlock?, destination: DistributedBlock?
    let destinationMatrix: NodeMatrix?
    let exchange: Exchange
    let sendCounts: [Int32], sendOffsets: [Int32], receiveCounts: [Int32], receiveOffsets: [Int32]
    let sendBuffer: UnsafeMutablePointer<Double>, receiveBuffer: UnsafeMutablePointer<Double>

    /// Collective on `communicator`: every rank passes the matrix it holds in
    /// the source layout and in the destination layout (nil where it holds none).
    init(from source: NodeMatrix?, to destination: NodeMatrix?, on communicator: Communicator) throws(MPIError) {
        self.communicator = communicator
        self.source = source?.ownBlock
        self.destination = destination?.ownBlock
        destinationMatrix = destination
        let own = [Rectangle(self.source), Rectangle(self.destination)]
        let all = try communicator.allGather(own.flatMap {
            [Int64($0.rows.lowerBound), Int64($0.rows.upperBound), Int64($0.cols.lowerBound), Int64($0.cols.upperBound)]
        })
        func rectangle(_ rank: Int, _ which: Int) -> Rectangle {
            let at = rank * 8 + which * 4
            return Rectangle(rows: Int(all[at])..<Int(all[at + 1]), cols: Int(all[at + 2])..<Int(all[at + 3]))
        }
        exchange = Exchange(ownSource: own[0], ownDestination: own[1],
                            sources: (0..<communicator.size).map { rectangle($0, 0) },
                            destinations: (0..<communicator.size).map { rectangle($0, 1) })
        func layout(_ pieces: [Rectangle], _ call: String) throws(MPIError) -> (counts: [Int32], offsets: [Int32], total: Int) {
            var counts: [Int32] = [], offsets: [Int32] = [], total = 0
            for piece in pieces {
                counts.append(try messageCount(piece.count, for: call))
                offsets.append(try messageCount(total, for: call))
                total += piece.count
            }
            _ = try messageCount(total, for: call)
            return (counts, offsets, total)
        }
        let sends = try layout(exchange.sends, "MPI_Alltoallv"), receives = try layout(exchange.receives, "MPI_Alltoallv")
        sendCounts = sends.counts; sendOffsets = sends.offsets
        receiveCounts = receives.counts; receiveOffsets = receives.offsets
        sendBuffer = .allocate(capacity: max(sends.total, 1))
        receiveBuffer = .allocate(capacity: max(receives.total, 1))
    }

    deinit {
        sendBuffer.deallocate()
        receiveBuffer.deallocate()
    }

    /// Moves the data (collective on the communicator). The source must be
    /// complete on its nodes; the destination is complete on its nodes after.
    func run() throws(MPIError) {
        JobWatchdog.beat(.movingResult)
        if let source {
            for (piece, offset) in zip(exchange.sends, sendOffsets) where piece.count > 0 {
                Self.copy(piece, from: source, into: sendBuffer + Int(offset))
            }
        }
        try communicator.allToAll(send: sendBuffer, sendCounts: sendCounts, sendOffsets: sendOffsets,
                                  receive: receiveBuffer, receiveCounts: receiveCounts, receiveOffsets: receiveOffsets)
        if let destination {
            for (piece, offset) in zip(exchange.receives, receiveOffsets) where piece.count > 0 {
                Self.copy(piece, from: receiveBuffer + Int(offset), into: destination)
            }
        }
        // Every rank of the node wrote its own rows: visible node-wide before use.
        try destinationMatrix?.synchronize()
    }

    /// `piece` of `block`, row by row, into `packed`.
    static func copy(_ piece: Rectangle, from block: DistributedBlock, into packed: UnsafeMutablePointer<Double>) {
        var next = packed
        for row in piece.rows {
            next.update(from: rowStart(of: piece, row: row, in: block), count: piece.cols.count)
            next += piece.cols.count
        }
    }

    /// `packed` (row by row) into `piece` of `block`.
    static func copy(_ piece: Rectangle, from packed: UnsafePointer<Double>, into block: DistributedBlock) {
        var next = packed
        for row in piece.rows {
            rowStart(of: piece, row: row, in: block).update(from: next, count: piece.cols.count)
            next += piece.cols.count
        }
    }

    /// Where `piece`'s global row `row` starts in `block`, whose rows are
    /// contiguous (`NodeMatrix` blocks are row-major: colStride 1).
    private static func rowStart(of piece: Rectangle, row: Int, in block: DistributedBlock) -> UnsafeMutablePointer<Double> {
        precondition(block.colStride == 1, "a row-major block")
        return block.base + (row - block.rowStart) * block.rowStride + (piece.cols.lowerBound - block.colStart)
    }
}
