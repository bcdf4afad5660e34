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
let status = Console.finish(status: CommandLineInterface.run(arguments), program: "gemmbench")
// A run that could not finish has already killed and reaped its workers and
// removed its temporaries (the pool's and files' own cleanup ran on the way
// out of `run`); library teardown could only hang it now (`exitWithoutTeardown`).
if status == .runFailed { exitWithoutTeardown(status) }
exitProcess(status)
