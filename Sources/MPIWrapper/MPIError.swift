import CMPI

/// A failed MPI call: which call, and Open MPI's own words for its error code.
///
/// The world communicator is switched to `MPI_ERRORS_RETURN` at start-up (see
/// `MPIRuntime.start`), so a failure comes back here instead of aborting the
/// job without saying where.
public struct MPIError: Error, CustomStringConvertible, Sendable {
    public let call: String
    public let code: Int32

    public init(call: String, code: Int32) {
        self.call = call
        self.code = code
    }

    public var description: String { "\(call) failed: \(Self.message(for: code))" }

    /// `MPI_Error_string` for `code`, or the bare number when even that fails.
    static func message(for code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Int(cmpi_max_error_string()) + 1)
        var length: Int32 = 0
        guard MPI_Error_string(code, &buffer, &length) == cmpi_success() else { return "MPI error \(code)" }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Runs one MPI call and turns any return other than `MPI_SUCCESS` into `MPIError`.
/// The only place MPI return codes are checked.
@inline(__always)
public func checked(_ call: String, _ body: () -> Int32) throws(MPIError) {
    let code = body()
    guard code == cmpi_success() else { throw MPIError(call: call, code: code) }
}

/// An element count as the 32-bit `int` MPI takes, or `MPIError` (MPI_ERR_COUNT)
/// when it does not fit: a block that large must be sent in pieces, which
/// gemmbench-mpi does not do.
public func messageCount(_ count: Int, for call: String) throws(MPIError) -> Int32 {
    guard let narrow = Int32(exactly: count) else { throw MPIError(call: call, code: MPI_ERR_COUNT) }
    return narrow
}
