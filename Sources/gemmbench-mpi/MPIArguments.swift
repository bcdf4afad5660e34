import CommandLineArguments

/// gemmbench-mpi parses its arguments with the same `ArgumentList` as gemmbench
/// (module CommandLineArguments): the same rules and the same one-line errors.
typealias MPIArguments = ArgumentList
