import ProcessPool
import SystemBoundary

// Worker processes are this same binary re-executed in a hidden mode; they must
// not parse the public command line or reconsider the BLAS core.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == WorkerProcess.modeArgument {
    exitProcess(WorkerProcess.main(arguments: Array(arguments.dropFirst())))
}
exitProcess(CommandLineInterface.run(arguments))
