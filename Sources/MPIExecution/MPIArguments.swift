import CommandLineArguments

/// gemmbench-mpi parses its arguments with the same `ArgumentList` as gemmbench
/// (module CommandLineArguments): the same rules and the same one-line errors.
typealias MPIArguments = ArgumentList

/// A mistake in how gemmbench-mpi was called: every rank exits 2, rank 0 says why.
public typealias MPIUsageError = UsageError
