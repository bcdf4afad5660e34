import Glibc
import ProcessPool

// Worker processes are this same binary re-executed in a hidden mode; they must
// not parse the public command line or reconsider the BLAS core.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == WorkerProcess.modeArgument {
    exit(WorkerProcess.main(arguments: Array(arguments.dropFirst())))
}
exit(CommandLineInterface.run(arguments))
