import SystemBoundary

// Every rank runs this; MPICommandLine decides which one speaks. A rank whose
// write to stdout or stderr failed ends with exit 3 and one line (mpirun passes
// the status on).
Console.prepare()
exitProcess(Console.finish(status: MPICommandLine.run(Array(CommandLine.arguments.dropFirst())), program: "gemmbench-mpi"))
