import CMPI
import SystemBoundary
import Glibc

/// Starting and ending MPI in this process.
public enum MPIRuntime {
    /// `MPI_Init`, then errors on the world (and every communicator split from
    /// it) are returned to the caller as `MPIError` instead of aborting silently.
    /// The corresponding C functions are `MPI_Init` and `MPI_Comm_set_errhandler`.
    public static func start() throws(MPIError) -> Communicator {
        try checked("MPI_Init") { MPI_Init(nil, nil) }
        try checked("MPI_Comm_set_errhandler") { MPI_Comm_set_errhandler(cmpi_comm_world(), cmpi_errors_return()) }
        return try Communicator.world()
    }

    /// Every rank calls it before exiting normally (also after a usage error,
    /// which every rank detects alike). The corresponding C function is `MPI_Finalize`.
    public static func finish() {
        _ = MPI_Finalize()
    }

    /// Ends every rank of the job with `status`: for a failure only some ranks
    /// saw, where waiting for the others could hang. Never returns.
    /// The corresponding C function is `MPI_Abort`.
    public static func abort(status: ExitCode) -> Never {
        _ = MPI_Abort(cmpi_comm_world(), status.rawValue)
        // MPI_Abort should not return; if it does, leave anyway.
        exitProcess(status)
    }

    /// This node's name as MPI reports it. The corresponding C function is `MPI_Get_processor_name`.
    public static func processorName() -> String {
        var buffer = [CChar](repeating: 0, count: Int(cmpi_max_processor_name()) + 1)
        var length: Int32 = 0
        guard MPI_Get_processor_name(&buffer, &length) == cmpi_success() else { return "unknown" }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
