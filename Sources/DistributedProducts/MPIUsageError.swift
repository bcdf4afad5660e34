import CommandLineArguments

/// A mistake in how gemmbench-mpi was called, or a problem its ranks cannot
/// hold: every rank exits 2, rank 0 says why. gemmbench's own `UsageError`
/// (module CommandLineArguments), so both executables say it alike.
public typealias MPIUsageError = UsageError
