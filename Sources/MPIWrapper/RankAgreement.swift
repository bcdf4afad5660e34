/// A step that failed on at least one rank, agreed on by every rank: rank 0
/// says it in one line and every rank exits 3 (a run that could not finish,
/// e.g. an input or output file's I/O), after `MPI_Finalize` like a usage error.
public struct MPIRunFailure: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Local work whose failure every rank must learn of, so that all ranks take
/// the same path afterwards instead of some waiting forever in a collective
/// the others never reach.
public enum RankAgreement {
    /// Runs `body` (which must not communicate) on every rank; then one
    /// `MPI_Allreduce` (MIN of the failed ranks) tells every rank whether any
    /// failed. If one did, the lowest failing rank broadcasts its error's
    /// description and every rank throws `failure(description)` — naming that
    /// rank when it is not rank 0, since rank 0 does the saying.
    /// Collective on `world`; doubles as a barrier.
    public static func agree<T>(on world: Communicator, failure: (String) -> any Error,
                         _ body: () throws -> T) throws -> T {
        let result = Result { try body() }
        let failed: Bool
        if case .failure = result { failed = true } else { failed = false }
        let lowest = Int(try world.allReduce(Double(failed ? world.rank : world.size), .min))
        guard lowest < world.size else { return try result.get() }
        var message = ""
        if case .failure(let error) = result { message = "\(error)" }
        message = try world.broadcast(message, root: lowest)
        throw failure(lowest == 0 ? message : "\(message) (on rank \(lowest) of \(world.size))")
    }
}
