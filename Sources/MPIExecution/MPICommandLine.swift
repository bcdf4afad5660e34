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
        // Before MPI_Init: this may re-execute the process with a better OpenBLAS core.
        do { try BLASCoreBootstrap.apply(mode: .auto) } catch {
            if launcherRank == 0 { printMPIError(error.description) }
            return .usageError
        }
        let world: Communicator
        do { world = try MPIRuntime.start() } catch {
            printMPIError("rank \(launcherRank): \(error)")
            return .runFailed
        }
        // From here on a stopped peer or a dead mpirun cannot leave this rank waiting forever.
        do { try JobWatchdog.start(rank: world.rank) } catch {
            printMPIError("rank \(world.rank) of \(world.size): cannot start the watchdog: \(error)")
            MPIRuntime.abort(status: .runFailed)
        }
        let speaks = world.rank == 0
        do {
            let verification: Verification.Outcome
            // `--output`, which a failed verification leaves unwritten.
            var outputPath: String?
            let output: String
            if command == "gemm" {
                let options = try MPIGemmOptions.parse(arguments, worldSize: world.size)
                let result: MPIGemmResult
                switch MPIRunKind(options.run.algorithm) {
                case .collective(let algorithm):
                    result = try MPIGemmRunner.run(options, algorithm: algorithm, world: world)
                case .tiles:
                    switch try MPITilesRunner.gemm(options, world: world) {
                    case .coordinated(let coordinated): result = coordinated
                    case .served(let status): return finishServing(status)
                    }
                }
                let row = ResultRow(result, blasCore: BLAS.coreName)
                output = options.run.csv ? ResultRow.csvDocument([row], includeSamples: options.run.samples)
                    : MPIReport.text(result, blasCore: row.blasCore)
                verification = result.measurement.verification
            } else {
                let options = try MPIChainOptions.parse(arguments, worldSize: world.size)
                let result: MPIChainResult
                switch MPIRunKind(options.run.algorithm) {
                case .collective:
                    result = try MPIChainRunner.run(options, world: world)
                case .tiles:
                    switch try MPITilesRunner.chain(options, world: world) {
                    case .coordinated(let coordinated): result = coordinated
                    case .served(let status): return finishServing(status)
                    }
                }
                let row = ResultRow(result, blasCore: BLAS.coreName)
                output = options.run.csv ? ResultRow.csvDocument([row], includeSamples: options.run.samples)
                    : MPIReport.text(result, blasCore: row.blasCore)
                verification = result.measurement.verification
                outputPath = options.outputPath
            }
            if speaks {
                writeAll(output, to: .standardOutput)
                if !verification.passed {
                    printMPIError("verification FAILED: scaled residual \(verification.residual) ≥ \(Verification.threshold)"
                                  + (outputPath.map { "; \($0) not written" } ?? ""))
                }
            }
            // Everything rank 0 says is out before MPI_Finalize: once the other
            // ranks exit non-zero, mpirun may end rank 0 at any moment.
            finishMPI()
            return verification.passed ? .success : .verificationFailed
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
