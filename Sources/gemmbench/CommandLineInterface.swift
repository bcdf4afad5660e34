import CommandLineArguments
import ChainPlanning
import GemmCore
import ProcessPool
import Runners
import SwiftGemm
import SystemBoundary
import Vocabulary
import Platform

/// Parses the command and hands it to the module that does the work.
///
/// Exit status: 0 success; 1 a product failed verification; 2 a usage error
/// (one line naming the bad argument); 3 a run that could not finish (a worker
/// died, I/O failed); 130 / 143 after SIGINT / SIGTERM. `compare` and
/// `baseline` report usage errors as 1, their error code: their 2 means
/// "regressed" (docs/contracts.md, "Exit codes").
enum CommandLineInterface {
    /// The choice lists come from the Vocabulary enums, so they cannot drift from what is accepted.
    static let usage = """
    usage: gemmbench <command> [options]        (global: --blas-core auto|keep|NAME)
      info [--json]                               (info, gemm, chain: --blas \(BLASLibraryName.names)|PATH
                                                   [--blas-prefix P] [--blas-suffix S])
      gemm  --size N | --m M --k K --n N [--kernel \(Kernel.names)] [--workers P] [--threads T]
            [--transport \(Transport.names)] [--split RxC] [--repeat R] [--min-time S] [--warmup W] [--csv [--samples]]
            [--task-timeout S] [--bind none|cores|sockets]
      chain --dims d0,d1,...,dk | --preset \(ChainPreset.names) | --inputs a.npy b.npy ...
            [--planner \(PlannerKind.names)] [--workers P] [--threads T] [--transport \(Transport.names)]
            [--output y.npy] [--repeat R] [--min-time S] [--warmup W] [--csv [--samples]] [--task-timeout S]
            [--bind none|cores|sockets]
      plan  --dims d0,...,dk | --preset NAME [--planner NAME] [--workers P] [--csv]
      sweep --suite quick|default|full|PATH [--out DIR] [--seed S]
      compare BASELINE_DIR CURRENT_DIR [--markdown]
      baseline RUN1 RUN2 RUN3 … [--into DIR]
      report RESULTS_DIR [RESULTS_DIR_B] [--markdown]
    """

    static func run(_ arguments: [String]) -> ExitCode {
        // --blas-core is global: accepted before or after the command.
        var options = ArgumentList(arguments)
        let mode: BLASCoreChoice.Mode
        do {
            mode = try blasCoreMode(&options)
        } catch {
            printError(error.description)
            return usageErrorStatus(command: commandName(in: arguments))
        }
        guard let command = options.remaining.first else {
            writeAll(usage + "\n", to: 2)
            return .usageError
        }
        if command == "--help" || command == "-h" || command == "help" {
            writeAll(usage + "\n", to: 1)
            return .success
        }
        options = ArgumentList(Array(options.remaining.dropFirst()))
        do {
            // The library first: the core check below asks the OpenBLAS in use which core it runs.
            try BLAS.load(try blasLibrary(&options, command: command))
            // A bad GEMMBENCH_SWIFT_BUILD is refused before any work by the commands
            // that multiply (a sweep's children inherit it), rather than stopping the
            // process at its first Swift product; `info` reports it as build `none`.
            if ["gemm", "chain", "sweep"].contains(command), case .failure(let error) = SwiftGemm.Build.selected {
                throw UsageError("\(SwiftGemm.Build.environmentVariable): \(error.description)")
            }
            try BLASCoreBootstrap.apply(mode: mode)
            let status: ExitCode
            switch command {
            case "info": try InfoCommand.run(&options); status = .success
            case "gemm": try GemmCommand.run(&options); status = .success
            case "chain": try ChainCommand.run(&options); status = .success
            case "plan": try PlanCommand.run(&options); status = .success
            case "sweep": status = try SweepCommands.sweep(&options, blasCore: mode)
            case "compare": status = try SweepCommands.compare(&options, blasCore: mode)
            case "baseline": status = try SweepCommands.baseline(&options)
            case "report": status = try SweepCommands.report(&options)
            default: throw UsageError("unknown command '\(command)' (try gemmbench --help)")
            }
            if status != .usageError { BLASCoreBootstrap.printNotice() }
            return status
        } catch {
            // A usage error prints exactly one line: a re-executed process drops its
            // core-choice notice then. Every other ending prints the notice first.
            let status = exitStatus(for: error)
            if status != .usageError { BLASCoreBootstrap.printNotice() }
            printError("\(error)")
            return status == .usageError ? usageErrorStatus(command: command) : status
        }
    }

    /// `compare` and `baseline` document 1 as their error code and give 2 another
    /// meaning (`compare`: a figure regressed), so a mistyped call must not read
    /// as a regression to a script such as .ci/run; every other command exits 2.
    static func usageErrorStatus(command: String?) -> ExitCode {
        command == "compare" || command == "baseline" ? .error : .usageError
    }

    /// The command word in a raw argument list: the first argument that is
    /// neither the global `--blas-core` flag nor its value.
    static func commandName(in arguments: [String]) -> String? {
        var index = 0
        while index < arguments.count {
            if arguments[index] == "--blas-core" { index += 2; continue }
            if arguments[index].hasPrefix("--blas-core=") { index += 1; continue }
            return arguments[index]
        }
        return nil
    }

    /// 1 for a failed verification; 2 for anything the caller asked for wrongly,
    /// including a problem too big for this machine or a BLAS core it cannot run;
    /// 3 for a run that could not finish.
    static func exitStatus(for error: Error) -> ExitCode {
        switch error {
        case is VerificationFailed: return .verificationFailed
        case is UsageError, is BLASCoreBootstrap.Refused, is BLAS.LibraryRefused, is GemmRunner.TooLarge,
             is Arena.TooLarge, is TileGrid.SplitError, is ChainRunner.SizeOverflow, is ChainPlanError,
             is AddressSpaceCheck.TooSmall:
            return .usageError
        default: return .runFailed
        }
    }

    /// The commands that compute products and so take `--blas`.
    static let blasCommands: Set = ["info", "gemm", "chain"]

    /// `--blas NAME|PATH [--blas-prefix P] [--blas-suffix S]`, taken out of `options`;
    /// the linked OpenBLAS when absent.
    static func blasLibrary(_ options: inout ArgumentList, command: String) throws(UsageError) -> BLASLibrarySpec {
        let argument = try options.value("--blas")
        let prefix = try options.value("--blas-prefix")
        let suffix = try options.value("--blas-suffix")
        guard let argument else {
            if prefix != nil || suffix != nil { throw UsageError("--blas-prefix and --blas-suffix need --blas PATH") }
            return .linkedDefault
        }
        guard blasCommands.contains(command) else {
            throw UsageError("--blas is for info, gemm and chain (a suite names its libraries with blas = …)")
        }
        guard let spec = BLASLibrarySpec(argument: argument, prefix: prefix, suffix: suffix) else {
            if BLASLibraryName(rawValue: argument) != nil {
                throw UsageError("--blas \(argument) carries its own symbol names: --blas-prefix and --blas-suffix are for a PATH")
            }
            throw UsageError("--blas \(argument) is not \(BLASLibraryName.names) or a path to a shared library (with a /)")
        }
        return spec
    }

    static func blasCoreMode(_ options: inout ArgumentList) throws(UsageError) -> BLASCoreChoice.Mode {
        guard let text = try options.value("--blas-core") else { return .auto }
        guard let mode = BLASCoreChoice.Mode(argument: text) else {
            throw UsageError("--blas-core \(text) is not auto, keep or an OpenBLAS core (\(BLASCoreChoice.knownCores.joined(separator: ", ")))")
        }
        return mode
    }
}
