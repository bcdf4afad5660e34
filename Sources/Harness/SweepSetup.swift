import SystemBoundary

/// What a sweep settles before its first child: the suite and its plan, that
/// gemmbench-mpi and mpirun exist when the plan needs them, the machine's
/// `info`, the run directory, and env.json written as incomplete.
struct SweepSetup {
    let options: SweepOptions
    /// The measuring binary, symlinks resolved.
    let binary: String
    let suite: Suite
    let plan: SweepPlan
    let seed: UInt64
    let info: FlatJSONObject
    let runDirectory: String
    var record: FlatJSONObject

    /// Why a sweep could not start, and its exit status (2: the suite or the
    /// MPI launch is unusable; 1: results cannot be written).
    struct Failure: Error {
        let message: String
        let status: ExitCode
    }

    static func prepare(_ options: SweepOptions) throws(Failure) -> SweepSetup {
        let binary = resolvedPath(options.binary) ?? options.binary
        let suite: Suite
        let plan: SweepPlan
        do {
            suite = try Suite.load(path: try locateSuite(options.suite, binary: binary))
        } catch {
            throw Failure(message: "\(error)", status: .usageError)
        }
        do {
            plan = try SweepPlan(suite: suite)
        } catch {
            throw Failure(message: "\(suite.path): \(error)", status: .usageError)
        }
        if plan.configurations.contains(where: { $0.mpi != nil }) {
            do {
                try MPILaunch.requireExecutable(besideBinary: binary)
                try MPILaunch.requireLauncher(searchPath: options.launcherSearchPath ?? ProcessEnvironment()["PATH"])
            } catch {
                throw Failure(message: error.description, status: .usageError)
            }
        }
        let stamps = utcTimestamps()
        let seed = options.orderSeed ?? freshOrderSeed()
        do throws(HarnessError) {
            try checkSymlinkReplaceable(joinPath(options.outDirectory, "latest"))
            let info = try machineInfo(binary: binary, globalArguments: options.globalArguments)
            let runDirectory = try makeRunDirectory(in: options.outDirectory, runID: options.runID ?? stamps.compact)
            var record = environmentRecord(info: info, suite: suite, runID: lastPathComponent(runDirectory),
                                           date: stamps.iso, binary: binary, orderSeed: seed)
            record.markIncomplete(RunCompleteness.unfinishedReason)
            try writeFileAtomically(joinPath(runDirectory, "env.json"), record.text)
            return SweepSetup(options: options, binary: binary, suite: suite, plan: plan, seed: seed, info: info,
                              runDirectory: runDirectory, record: record)
        } catch {
            throw Failure(message: error.description, status: .error)
        }
    }
}
