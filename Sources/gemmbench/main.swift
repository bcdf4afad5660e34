import ProcessPool
import SystemBoundary

// Worker processes are this same binary re-executed in a hidden mode; they must
// not parse the public command line or reconsider the BLAS core.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == WorkerProcess.modeArgument {
    exitProcess(WorkerProcess.main(arguments: Array(arguments.dropFirst())))
}
Console.prepare()
// A failed write to stdout or stderr anywhere in the run ends it with exit 3 and one line.
exitProcess(Console.finish(status: CommandLineInterface.run(arguments), program: "gemmbench"))
