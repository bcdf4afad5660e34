import Glibc
import MPIExecution

// Every rank runs this; MPICommandLine decides which one speaks.
exit(MPICommandLine.run(Array(CommandLine.arguments.dropFirst())))
