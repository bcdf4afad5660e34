import CommandLineArguments
import GemmCore
import NumpyIO
import SystemBoundary
import MPIWrapper

/// `--inputs` and `--output` on MPI ranks, keeping the rule that no rank ever
/// holds a whole matrix: every rank reads and writes only its own rows of its
/// node's block (`NodeMatrix.ownBlock`), with `pread` / `pwrite` at their
/// offsets in the C-order file. Every step's failure is agreed on by all ranks
/// (`RankAgreement`), so all stop alike and rank 0 alone says why.
public enum DistributedNpy {
    /// Every rank reads and validates the headers itself (it needs their data
    /// offsets to read its blocks) and checks they chain, as `gemmbench chain
    /// --inputs` does. A problem on any rank is a usage error on all: exit 2,
    /// one line from rank 0, before anything is allocated or multiplied.
    /// The ranks must also have read the same shapes and data offsets (one
    /// shared file system): otherwise they would size their blocks differently.
    public static func headers(_ paths: [String], on world: Communicator) throws -> [NpyHeader] {
        let headers = try RankAgreement.agree(on: world, failure: { MPIUsageError($0) }) {
            try ProblemLimits.chainInputHeaders(paths)
        }
        let layout = headers.flatMap { [Double($0.rows), Double($0.cols), Double($0.dataOffset)] }
        var lowest = layout, highest = layout
        try world.allReduce(&lowest, .min)
        try world.allReduce(&highest, .max)
        if lowest != highest {
            throw MPIUsageError("--inputs: the ranks read different shapes or headers from the same paths (every rank must see the same files)")
        }
        return headers
    }

    /// Fills each matrix's own rows from its file (`Npy.readBlock`), then makes
    /// them visible node-wide. A nil matrix is one this rank holds none of
    /// (another sub-grid's factor): it reads nothing of that file. A read that fails on any rank (the file changed
    /// or vanished since its header was read, an I/O error) ends every rank
    /// with `MPIRunFailure`. Collective on the world.
    public static func read(_ headers: [NpyHeader], into matrices: [NodeMatrix?], on world: Communicator) throws {
        precondition(headers.count == matrices.count, "one header per matrix")
        try RankAgreement.agree(on: world, failure: { MPIRunFailure($0) }) {
            for (header, matrix) in zip(headers, matrices) {
                guard let matrix else { continue }
                precondition(header.rows == matrix.rows && header.cols == matrix.cols, "shape of \(header.path)")
                if let failure = MPIFaultInjection.inputReadFailure(rank: world.rank, size: world.size, path: header.path) {
                    throw failure
                }
                let own = matrix.ownBlock
                try Npy.readBlock(header, rows: own.rowStart..<(own.rowStart + own.rows), cols: own.colStart..<(own.colStart + own.cols),
                                  into: own.base, leadingDimension: own.rowStride)
            }
        }
        for case let matrix? in matrices { try matrix.synchronize() }
    }

    /// `Npy.checkDestination` on every rank (each will open the temporary), so
    /// a path no rank could write is a usage error before any work.
    public static func checkDestination(_ path: String, on world: Communicator) throws {
        try RankAgreement.agree(on: world, failure: { MPIUsageError("--output \($0)") }) {
            try Npy.checkDestination(path: path)
        }
    }

    /// Writes `y` to `path`: rank 0 creates the temporary (header, full size)
    /// and sends its name; every rank `pwrite`s and `fsync`s its own rows; once
    /// all have (the agreement is the barrier) rank 0 renames it into place.
    /// A failure anywhere removes the temporary and ends every rank with
    /// `MPIRunFailure`; `path` is then untouched. Collective on the world.
    public static func write(_ y: NodeMatrix, to path: String, on world: Communicator,
                      operations: FileOperations = .live) throws {
        let isCreator = world.rank == 0
        var output: NpyOutputFile?
        try RankAgreement.agree(on: world, failure: { MPIRunFailure($0) }) {
            if isCreator { output = try NpyOutputFile.create(path: path, rows: y.rows, cols: y.cols) }
        }
        do {
            let temporaryPath = try world.broadcast(output?.target.temporaryPath ?? "", root: 0)
            let target = NpyBlockTarget(path: path, temporaryPath: temporaryPath, rows: y.rows, cols: y.cols)
            MPIFaultInjection.killWhileWritingIfRequested(rank: world.rank, size: world.size)
            try RankAgreement.agree(on: world, failure: { MPIRunFailure($0) }) {
                let own = y.ownBlock
                try target.writeBlock(rows: own.rowStart..<(own.rowStart + own.rows), cols: own.colStart..<(own.colStart + own.cols),
                                      from: own.base, leadingDimension: own.rowStride,
                                      using: MPIFaultInjection.outputOperations(rank: world.rank, size: world.size, live: operations))
            }
        } catch {
            output?.abandon()
            throw error
        }
        // Every block is on disk. `commit` removes the temporary itself if it fails.
        try RankAgreement.agree(on: world, failure: { MPIRunFailure($0) }) {
            try output?.commit()
        }
    }
}
