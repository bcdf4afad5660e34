import ResultRows
import Vocabulary

/// What one child run of the binary produced.
enum MeasurementOutcome {
    /// A row (verdict PASS or FAIL).
    case row(ResultRow)
    /// No usable row: the message says why (without the configuration, which the caller adds).
    case error(String)
}

/// How to run the binary for one configuration.
struct MeasurementSettings {
    let binary: String
    /// Per round: each child runs a warm-up, then at least `minReps` timed runs
    /// and at least `minSeconds` seconds of them.
    let minReps: Int
    let minSeconds: Double
    let timeoutSeconds: Double
    /// Passed to every child before the command: the sweep's own `--blas-core`
    /// choice, so `keep` or a named core reaches the runs that measure.
    var globalArguments: [String] = []
    /// Extra `mpirun` words per MPI configuration (the suite's `mpirun_args`, `SweepPlan`).
    var mpirunArguments: [BenchConfiguration: [String]] = [:]

    /// The program and its arguments (argv[0] excluded) that measure `configuration`
    /// once, and the environment changes they need: gemmbench with `globalArguments`
    /// first; or for MPI `mpirun [mpirun_args] -np R <gemmbench-mpi beside binary> gemm …`
    /// with `MPILaunch.environment` (no `globalArguments`: gemmbench-mpi chooses
    /// its OpenBLAS core itself).
    func command(for configuration: BenchConfiguration) -> (program: String, arguments: [String], environment: [String: String]) {
        let own = configuration.arguments(minReps: minReps, minSeconds: minSeconds)
        guard let mpi = configuration.mpi else { return (binary, globalArguments + own, [:]) }
        return (MPILaunch.launcher,
                mpi.launcherArguments(extra: mpirunArguments[configuration] ?? [],
                                      executable: MPILaunch.executable(besideBinary: binary), program: own),
                MPILaunch.environment)
    }
}

/// Measures `configuration` in a fresh child process of the binary
/// (`BenchConfiguration.arguments`), one process per configuration so BLAS
/// thread settings never leak between configurations and a crash ends only
/// this one. Exit 0 = PASS row, 1 = FAIL row, 2 = usage error, anything else
/// (or no row) = error. The row's `preset` is filled for chains run by preset.
func measure(_ configuration: BenchConfiguration, with settings: MeasurementSettings,
             tick: () -> Void = {}) -> MeasurementOutcome {
    let result: ChildResult
    do {
        let command = settings.command(for: configuration)
        result = try runChild(command.program, command.arguments, environment: command.environment,
                              timeoutSeconds: settings.timeoutSeconds, tick: tick)
    } catch {
        return .error(error.description)
    }
    let message = configuration.mpi == nil ? result.lastErrorLine
                                           : result.lastErrorLine(preferring: MPILaunch.executableName + ": ")
    let detail = message.map { ": \($0)" } ?? ""
    guard case .exited(let code) = result.exit, code == 0 || code == 1 else {
        if case .exited(2) = result.exit { return .error("usage error\(detail)") }
        return .error("\(result.exit)\(detail)")
    }
    let rows: [ResultRow]
    do {
        rows = try ResultRow.parseCSV(result.standardOutput, source: "output")
    } catch {
        return .error("exited with status \(code) but its CSV is unreadable (\(error))\(detail)")
    }
    guard var row = rows.last else {
        return .error("exited with status \(code) but printed no CSV row\(detail)")
    }
    if case .chainPreset(let name) = configuration.problem { row.preset = name }
    guard let reported = BenchConfiguration(row: row), reported == configuration else {
        let reported = BenchConfiguration(row: row)?.key ?? "an unidentifiable configuration"
        return .error("printed a row for \(reported)")
    }
    if code == 1 && row.verdict == .pass {
        return .error("exited with status 1 (verification failed) but its row says PASS")
    }
    guard let samples = row.samples, !samples.isEmpty, samples.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
        return .error("printed no usable samples_s column (a gemmbench older than --samples?)")
    }
    return .row(row)
}
