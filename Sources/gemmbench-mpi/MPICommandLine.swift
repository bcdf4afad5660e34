import DistributedProducts
import GemmCore
import ResultRows
import MPIWrapper
import SystemBoundary
import Vocabulary
import Platform

/// gemmbench-mpi's command line: parse on every rank, run, let rank 0 speak.
///
/// Exit status on every rank (mpirun passes it on): 0 success; 1 the product
/// failed verification; 2 a usage error (one line, from rank 0 only); 3 an MPI
/// call failed (the rank that saw it names itself, then `MPI_Abort` ends the
/// job), or a step every rank agreed had failed (`MPIRunFailure`: reading
/// `--inputs` data or writing `--output`; one line from rank 0), or a rank
/// made no progress within `--task-timeout` (`JobWatchdog`: one line from the
/// rank that noticed, then `MPI_Abort`). A rank that dies is mpirun's to report: it names the rank and ends the job.
public enum MPICommandLine {
    /// Names come from Vocabulary and this module's enums, so the text cannot drift from what is parsed.
    public static let usage = """
    usage: mpirun -np P gemmbench-mpi <command> [options]
      gemm  --size N | --m M --k K --n N [--kernel \(choiceList(Kernel.allCases))] [--threads T] [--repeat R] [--min-time S] [--warmup W] [--csv [--samples]]
            [--algorithm \(choiceList(MPIAlgorithm.allCases))] [--grid PxQ] [--node-split auto|rank|K] [--task-timeout S]
            [--transport \(choiceList(Transport.allCases))] [--split RxC]      (--algorithm \(MPIAlgorithm.tiles.rawValue) only; --grid is not)
      chain --dims d0,d1,...,dk | --preset \(ChainPreset.all.map(\.name).joined(separator: "|")) | --inputs a.npy b.npy ... [--output y.npy]
            [--planner \(choiceList(PlannerKind.allCases))] [--seed S]
            [--kernel K] [--threads T] [--repeat R] [--min-time S] [--warmup W] [--csv [--samples]] [--algorithm A] [--grid PxQ] [--node-split auto|rank|K]
            [--task-timeout S] [--transport T]      (--transport: --algorithm \(MPIAlgorithm.tiles.rawValue) only)
      model [--gflops G] [--bandwidth GBPS] [--latency US] [--memory GIB] [--panel W]      (no mpirun needed)
    Ranks are the workers: --workers does not apply. Default --algorithm \(MPIAlgorithm.summa.rawValue); --transport \(Transport.shm.rawValue) (the default) needs every rank on one node.
    --task-timeout S: summa and pdgemm end the job (exit 3) when a rank makes no progress for S seconds (default: scaled to the problem); tiles: a rank's reply to one task.
    """

    public static func run(_ arguments: [String]) -> ExitCode {
        guard let command = arguments.first else {
            if launcherRank == 0 { writeAll(usage + "\n", to: .standardError) }
            return .usageError
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "--help", "-h", "help":
            writeAll(usage + "\n", to: .standardOutput)
            return .success
        case "model":
            return CommunicationModelCommand.run(rest)
        case "gemm", "chain":
            return measure(command, rest)
        default:
            // Every rank sees the same word; without MPI started, each would
            // print, so say it only where mpirun says this is rank 0 (or alone).
            if launcherRank == 0 { printMPIError("unknown command '\(command)' (try gemmbench-mpi --help)") }
            return .usageError
        }
    }

    /// This process's world rank as the launcher's environment gives it before
    /// `MPI_Init` (Open MPI, PMIx/Slurm), 0 when started without a launcher.
    static var launcherRank: Int {
        let environment = ProcessEnvironment()
        for name in ["OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"] {
            if let text = environment[name], let rank = Int(text) { return rank }
        }
        return 0
    }

    /// `gemm` or `chain` on every rank.
    static func measure(_ command: String, _ arguments: [String]) -> ExitCode {
        let world: Communicator
        switch startRank() {
        case .started(let started): world = started
        case .failed(let status): return status
        }
        let speaks = world.rank == 0
        do {
            let measured: Measured
            switch command == "gemm" ? try gemm(arguments, world: world) : try chain(arguments, world: world) {
            case .measured(let result): measured = result
            case .served(let status): return finishServing(status)
            }
            if speaks { report(measured) }
            // Everything rank 0 says is out before MPI_Finalize: once the other
            // ranks exit non-zero, mpirun may end rank 0 at any moment.
            finishMPI()
            return measured.verification.passed ? .success : .verificationFailed
        } catch let error as MPIUsageError {
            // Every rank found the same mistake, so every rank stops here alike.
            if speaks { printMPIError(error.description) }
            finishMPI()
            return .usageError
        } catch let error as MPIRunFailure {
            // Agreed by every rank (`RankAgreement`), so all stop here alike too.
            if speaks { printMPIError(error.description) }
            finishMPI()
            return .runFailed
        } catch {
            printMPIError("rank \(world.rank) of \(world.size): \(error)")
            MPIRuntime.abort(status: .runFailed)
        }
    }

    /// What a rank starts with: its world, or the status to end with at once.
    enum Start {
        case started(Communicator)
        case failed(ExitCode)
    }

    /// The OpenBLAS core (which may re-execute the process, so before MPI_Init),
    /// MPI, and the job's watchdog: this rank's world, or the status to end with.
    private static func startRank() -> Start {
        do { try BLASCoreBootstrap.apply(mode: .auto) } catch {
            if launcherRank == 0 { printMPIError(error.description) }
            return .failed(.usageError)
        }
        let world: Communicator
        do { world = try MPIRuntime.start() } catch {
            printMPIError("rank \(launcherRank): \(error)")
            return .failed(.runFailed)
        }
        // From here on a stopped peer or a dead mpirun cannot leave this rank waiting forever.
        do { try JobWatchdog.start(rank: world.rank) } catch {
            printMPIError("rank \(world.rank) of \(world.size): cannot start the watchdog: \(error)")
            MPIRuntime.abort(status: .runFailed)
        }
        return .started(world)
    }

    /// What rank 0 prints: the report or CSV row, the verification, and the
    /// `--output` path a failed verification leaves unwritten.
    struct Measured {
        let output: String
        let verification: Verification.Outcome
        var outputPath: String? = nil
    }

    /// A rank's end of a run: rank 0's measurement, or a serving rank's status (tiles).
    enum RankResult {
        case measured(Measured)
        case served(ExitCode)
    }

    private static func gemm(_ arguments: [String], world: Communicator) throws -> RankResult {
        let options = try MPIGemmOptions.parse(arguments, worldSize: world.size)
        let result: MPIGemmResult
        switch MPIRunKind(options.run.algorithm) {
        case .collective(let algorithm):
            result = try MPIGemmRunner.run(options, algorithm: algorithm, world: world)
        case .tiles:
            switch try MPITilesRunner.gemm(options, world: world) {
            case .coordinated(let coordinated): result = coordinated
            case .served(let status): return .served(status)
            }
        }
        let row = ResultRow(result, blasCore: BLAS.coreName)
        return .measured(Measured(output: render(row, options.run, text: MPIReport.text(result, blasCore: row.blasCore)),
                                  verification: result.measurement.verification))
    }

    private static func chain(_ arguments: [String], world: Communicator) throws -> RankResult {
        let options = try MPIChainOptions.parse(arguments, worldSize: world.size)
        let result: MPIChainResult
        switch MPIRunKind(options.run.algorithm) {
        case .collective:
            result = try MPIChainRunner.run(options, world: world)
        case .tiles:
            switch try MPITilesRunner.chain(options, world: world) {
            case .coordinated(let coordinated): result = coordinated
            case .served(let status): return .served(status)
            }
        }
        let row = ResultRow(result, blasCore: BLAS.coreName)
        return .measured(Measured(output: render(row, options.run, text: MPIReport.text(result, blasCore: row.blasCore)),
                                  verification: result.measurement.verification, outputPath: options.outputPath))
    }

    /// The CSV row (`--csv`, with `--samples` its samples) or the text report.
    private static func render(_ row: ResultRow, _ run: MPIRunOptions, text: @autoclosure () -> String) -> String {
        run.csv ? ResultRow.csvDocument([row], includeSamples: run.samples) : text()
    }

    /// Rank 0's output and, when verification failed, the one line saying so.
    private static func report(_ measured: Measured) {
        writeAll(measured.output, to: .standardOutput)
        if !measured.verification.passed {
            printMPIError("verification FAILED: scaled residual \(measured.verification.residual) ≥ \(Verification.threshold)"
                          + (measured.outputPath.map { "; \($0) not written" } ?? ""))
        }
    }
}

/// A serving rank of `--algorithm tiles` ends with the status rank 0 sent
/// (it has nothing to print: rank 0 speaks for the job).
private func finishServing(_ status: ExitCode) -> ExitCode {
    finishMPI()
    return status
}

/// `MPI_Finalize`, a step the watchdog watches (it waits for every rank); after it, none is.
private func finishMPI() {
    JobWatchdog.beat(.finishing)
    MPIRuntime.finish()
    JobWatchdog.disarm()
}
