import NumberFormatting
import SystemBoundary
import Vocabulary

/// What `gemmbench sweep` needs.
public struct SweepOptions: Sendable {
    /// A suite name (looked up as Benchmarks/suites/NAME.suite, see `locateSuite`) or a path.
    public var suite: String
    /// Results go to `<outDirectory>/<runID>/`; `<outDirectory>/latest` points there.
    public var outDirectory: String
    /// The gemmbench binary that measures each configuration (the CLI passes its own executable).
    public var binary: String
    /// Defaults to the UTC start time, `20261125T193000Z`.
    public var runID: String?
    /// The seed of the rounds' shuffled order (`--seed`); nil draws a fresh one.
    /// Either way env.json records it as `order_seed`.
    public var orderSeed: UInt64?
    /// Given to every child before its command (the sweep's `--blas-core`).
    public var globalArguments: [String]
    /// Where `mpirun` is looked for (PATH's format); nil: this process's PATH.
    public var launcherSearchPath: String?
    /// Probe the inter-core round trip before each child (`CoreRoundTrip`); off
    /// only where a test needs a sweep that no far-placed round can lengthen.
    public var probesCoreRoundTrip = true

    public init(suite: String, outDirectory: String = "results", binary: String, runID: String? = nil,
                orderSeed: UInt64? = nil, globalArguments: [String] = []) {
        self.suite = suite
        self.outDirectory = outDirectory
        self.binary = binary
        self.runID = runID
        self.orderSeed = orderSeed
        self.globalArguments = globalArguments
    }
}

/// Runs a suite in rounds (`RoundRunner`): every configuration of `SweepPlan`,
/// references included, once per round in a freshly shuffled order, each run
/// in its own child process; then up to `max_extra_rounds` extra rounds for the
/// rows still noisy (`NoiseRule`) and their references. Writes raw.csv (one
/// row per configuration, samples pooled: `summarizeRows`), samples.csv,
/// speedup-gemm.csv, speedup-chain.csv and env.json into `<out>/<run-id>/`
/// (raw.csv and samples.csv after every round), points `<out>/latest` at it and
/// prints the tables and the rows that stayed noisy on stdout. Progress and
/// errors go to stderr.
///
/// env.json says whether the run is complete (`RunCompleteness`): it is written
/// first as incomplete and marked complete only at the end, when every
/// configuration has its row, so a sweep stopped by a signal or a crash leaves
/// a folder that says so and `baseline` refuses.
///
/// Returns the exit status: 0 every configuration PASSed; 1 a product FAILed
/// verification, a child crashed/timed out/printed no row (recorded, the sweep
/// goes on), or results could not be written; 2 the suite is missing or malformed,
/// or it has an `[mpi]` or `[mpi-chain]` grid and gemmbench-mpi is not beside the
/// binary or `mpirun` is not on PATH; 3 a write to stdout or stderr failed (the
/// reader is gone: the sweep stops before its next child, marks the run incomplete and ends).
/// Noisy rows are flagged, never an error.
public func runSweep(_ options: SweepOptions) -> Int32 {
    let binary = resolvedPath(options.binary) ?? options.binary
    let suite: Suite
    do {
        suite = try Suite.load(path: try locateSuite(options.suite, binary: binary))
    } catch {
        reportError("\(error)")
        return 2
    }
    let plan: SweepPlan
    do {
        plan = try SweepPlan(suite: suite)
    } catch {
        reportError("\(suite.path): \(error)")
        return 2
    }
    if plan.configurations.contains(where: { $0.mpi != nil }) {
        do {
            try MPILaunch.requireExecutable(besideBinary: binary)
            try MPILaunch.requireLauncher(searchPath: options.launcherSearchPath ?? ProcessEnvironment()["PATH"])
        } catch {
            reportError(error.description)
            return 2
        }
    }
    let stamps = utcTimestamps()
    let seed = options.orderSeed ?? freshOrderSeed()
    let info: FlatJSONObject
    let runDirectory: String
    var record: FlatJSONObject
    do {
        try checkSymlinkReplaceable(joinPath(options.outDirectory, "latest"))
        info = try machineInfo(binary: binary, globalArguments: options.globalArguments)
        runDirectory = try makeRunDirectory(in: options.outDirectory, runID: options.runID ?? stamps.compact)
        record = environmentRecord(info: info, suite: suite, runID: lastPathComponent(runDirectory),
                                   date: stamps.iso, binary: binary, orderSeed: seed)
        record.markIncomplete(RunCompleteness.unfinishedReason)
        try writeFileAtomically(joinPath(runDirectory, "env.json"), record.text)
    } catch {
        reportError(error.description)
        return 1
    }

    let settings = MeasurementSettings(binary: binary, minReps: suite.minReps, minSeconds: suite.minSeconds,
                                       timeoutSeconds: suite.timeoutSeconds, globalArguments: options.globalArguments,
                                       mpirunArguments: plan.mpirunArguments)
    var context = SummaryContext(peakGflopsPerCore: info["peak_gflops_per_core"]?.stringValue.flatMap { Double($0) },
                                 cores: info["cores"]?.stringValue.flatMap { Int($0) } ?? 1,
                                 noiseRule: NoiseRule(ciFraction: suite.noisyCI))
    func cost(_ configuration: BenchConfiguration) -> Double {
        estimatedSeconds(configuration, minReps: suite.minReps, minSeconds: suite.minSeconds)
    }
    let loadBefore = loadAverage()
    var runner = options.probesCoreRoundTrip ? RoundRunner(settings: settings, seed: seed)
                                             : RoundRunner(settings: settings, seed: seed, probeCoreRoundTrip: nil)
    // Every base round is scheduled up front so the ETA covers the whole sweep.
    var progress = ProgressReporter(costs: Array(repeating: plan.configurations.map(cost), count: suite.rounds).flatMap { $0 },
                                    interactive: isTerminal(2))
    var rows: [ResultRow] = []
    var reported: Set<BenchConfiguration> = []
    var extraRounds = 0
    let perRound = plan.configurations.map(cost).reduce(0, +)
    progress.note("sweep: suite \(suite.name) (\(suite.path)), \(plan.configurations.count) configurations × "
                  + "\(suite.rounds) rounds in shuffled order (seed \(seed)), estimated "
                  + "\(formatDuration(perRound * Double(suite.rounds))), results in \(runDirectory)")

    var round = 0
    while true {
        round += 1
        let candidates: [BenchConfiguration]
        if round <= suite.rounds {
            candidates = plan.configurations
        } else {
            // Extra rounds: the noisy rows, and those with a round measured while the
            // vCPUs sat far apart (replaced by near rounds where it can), beside their
            // references, so a slow burst in the denominator is re-measured too.
            let remeasured = rowsToRemeasure(rows, pools: runner.pools, farRule: context.farRule, plannedRounds: suite.rounds)
            guard !remeasured.isEmpty, extraRounds < suite.maxExtraRounds else { break }
            extraRounds += 1
            candidates = plan.configurations.filter { c in remeasured.contains(c) || remeasured.contains { $0.reference == c } }
            progress.note("sweep: extra round \(extraRounds) of \(suite.maxExtraRounds) for \(remeasured.count) noisy "
                          + "or far-placed rows (\(candidates.count) configurations with their references)")
        }
        let order = runner.shuffledOrder(of: candidates)
        let offset: Int
        if round <= suite.rounds {
            offset = (round - 1) * plan.configurations.count
        } else {
            offset = progress.total
            progress.schedule(order.map(cost))
        }
        let label = { (c: BenchConfiguration) in "round \(round): \(c.label)" }
        runner.run(round: round, order: order,
                   shouldStop: { Console.failure != nil },
                   starting: { index, c in progress.running(index: offset + index, label: label(c)) },
                   tick: { index, c in progress.running(index: offset + index, label: label(c)) },
                   finished: { index, c, outcome in
                       switch outcome {
                       case .row(let row):
                           var summary = "median \(formatSignificant(row.medianSeconds, digits: 4)) s, "
                               + "\(formatFixed(row.gflops, decimals: 2)) GFLOP/s, \(row.verdict.rawValue)"
                           if row.verdict != .pass {
                               summary += " (residual \(row.residual))"
                               if reported.insert(c).inserted {
                                   progress.note("FAIL: \(c.label): product failed verification (residual \(row.residual))")
                               }
                           }
                           progress.finished(index: offset + index, label: label(c), summary: summary)
                       case .error(let message):
                           progress.note("error: \(c.label): \(message)")
                           progress.finished(index: offset + index, label: label(c), summary: "error")
                       }
                   })
        context.farRule = FarPlacementRule(probes: runner.pools.values.flatMap { $0.runs.compactMap(\.coreRoundTripNs) })
        rows = summarizeRows(plan.configurations, pools: runner.pools, context: context)
        do {
            try writeFileAtomically(joinPath(runDirectory, "raw.csv"), ResultRow.csvDocument(rows))
            try writeFileAtomically(joinPath(runDirectory, SamplesFile.name),
                                    SamplesFile.document(plan.configurations, pools: runner.pools))
        } catch {
            progress.done()
            reportError(error.description)
            return 1
        }
        if let failure = Console.failure {
            // Nobody sees this sweep any more: stop, keep what was measured, say it is partial.
            record.markIncomplete("stopped in round \(round): \(failure)")
            try? writeFileAtomically(joinPath(runDirectory, "env.json"), record.text)
            return Console.outputFailedStatus
        }
    }
    progress.done()
    // The peak is an upper bound and noise only lowers a reading: measure it
    // again now and keep the higher of the two for pct_peak.
    if let again = (try? machineInfo(binary: binary, globalArguments: options.globalArguments))?["peak_gflops_per_core"]?
        .stringValue.flatMap({ Double($0) }) {
        record["peak_gflops_per_core_end"] = .number(formatFixed(again, decimals: 2))
        if again > context.peakGflopsPerCore ?? 0 {
            context.peakGflopsPerCore = again
            record["peak_gflops_per_core"] = .number(formatFixed(again, decimals: 2))
        }
        rows = summarizeRows(plan.configurations, pools: runner.pools, context: context)
        do {
            try writeFileAtomically(joinPath(runDirectory, "raw.csv"), ResultRow.csvDocument(rows))
        } catch {
            reportError(error.description)
            return 1
        }
    }

    let gemmTable = gemmSpeedupTable(rows)
    let efficiencyTable = gemmEfficiencyTable(rows)
    let chainTable = chainSpeedupTable(rows)
    let noisyRows = rows.filter { $0.noisy == true }
    record.addMeasurementSummary(suite: suite, extraRounds: extraRounds, pools: runner.pools, farRule: context.farRule,
                                 loadBefore: loadBefore, loadAfter: loadAverage(), noisyRows: noisyRows.count)
    let errors = plan.configurations.compactMap { c in runner.errors[c].map { "\(c.label): \($0)" } }
    if errors.isEmpty {
        record.markComplete()
    } else {
        record.markIncomplete("\(errors.count) of \(plan.configurations.count) configurations have no row "
                              + "(crashed, timed out or printed none), first \(errors[0])")
    }
    let report = RunReport(rows: rows, environment: record, directory: runDirectory)
    do {
        try writeFileAtomically(joinPath(runDirectory, "speedup-gemm.csv"), gemmTable.csv.csv)
        try writeFileAtomically(joinPath(runDirectory, "efficiency-gemm.csv"), efficiencyTable.csv.csv)
        try writeFileAtomically(joinPath(runDirectory, "speedup-chain.csv"), chainTable.csv.csv)
        try writeFileAtomically(joinPath(runDirectory, "env.json"), record.text)
        // Answer first: findings and compact tables (summary.txt), report.md, plots/charts.gp.
        try report.write()
        try replaceSymlink(joinPath(options.outDirectory, "latest"), target: lastPathComponent(runDirectory))
    } catch {
        reportError(error.description)
        return 1
    }
    writeText("\n" + report.summaryText, to: 1)
    writeText(renderNoisyRows(noisyRows, rule: context.noiseRule, extraRounds: extraRounds), to: 1)
    writeText(renderVerificationSummary(rows), to: 1)

    let failures = rows.filter { $0.verdict != .pass }.compactMap { BenchConfiguration(row: $0)?.label }
    let elapsed = formatDuration(monotonicSeconds() - progress.started)
    writeText("sweep: \(rows.count + errors.count) configurations, \(suite.rounds) rounds + \(extraRounds) extra, "
              + "in \(elapsed): \(failures.count) FAIL, \(errors.count) errors, \(noisyRows.count) noisy; "
              + "results in \(runDirectory)\n", to: 2)
    for failure in failures { reportError("FAIL: \(failure)") }
    for error in errors { reportError("error: \(error)") }
    return failures.isEmpty && errors.isEmpty ? 0 : 1
}

/// The configurations an extra round measures again: rows still noisy
/// (`NoiseRule`), and rows with a round measured far (`FarPlacementRule`),
/// theirs or their reference's, until they have `plannedRounds` near rounds:
/// the far rounds are replaced, not merely dropped.
func rowsToRemeasure(_ rows: [ResultRow], pools: [BenchConfiguration: PooledMeasurement],
                     farRule: FarPlacementRule, plannedRounds: Int) -> [BenchConfiguration] {
    func shortOfNearRounds(_ configuration: BenchConfiguration) -> Bool {
        let rounds = pools[configuration]?.roundSamples ?? []
        return farRule.anyFar(rounds) && rounds.filter { !farRule.isFar($0.coreRoundTripNs) }.count < plannedRounds
    }
    return rows.compactMap { row -> BenchConfiguration? in
        guard let configuration = BenchConfiguration(row: row) else { return nil }
        if row.noisy == true || shortOfNearRounds(configuration) || shortOfNearRounds(configuration.reference) {
            return configuration
        }
        return nil
    }
}

/// The rows a reader should not trust, and why; empty when there are none.
func renderNoisyRows(_ rows: [ResultRow], rule: NoiseRule, extraRounds: Int) -> String {
    guard !rows.isEmpty else { return "" }
    var text = "\nnoisy after \(extraRounds) extra round(s) (CI half-width > \(formatFixed(rule.ciFraction * 100, decimals: 1))% "
        + "of the median,\nor gemm efficiency > \(formatFixed(rule.efficiencyLimit, decimals: 2))); treat these figures with care:\n"
    for row in rows {
        guard let configuration = BenchConfiguration(row: row) else { continue }
        var reasons: [String] = []
        if let low = row.ciLowSeconds, let high = row.ciHighSeconds, row.medianSeconds > 0 {
            reasons.append("CI ±\(formatFixed(50 * (high - low) / row.medianSeconds, decimals: 1))% of the median")
        } else {
            reasons.append("no CI (\(row.reps) samples)")
        }
        if let efficiency = row.efficiency, row.op == .gemm, efficiency > rule.efficiencyLimit {
            reasons.append("efficiency \(formatFixed(efficiency, decimals: 3))")
        }
        if let steal = row.stealPercent, steal >= 1 { reasons.append("steal \(formatFixed(steal, decimals: 1))%") }
        text += "  \(configuration.key): \(reasons.joined(separator: ", "))\n"
    }
    return text
}

/// Creates `<out>/<runID>` (and `out`), adding `-2`, `-3`, … if a run with that
/// id already exists (two sweeps started in the same second).
func makeRunDirectory(in out: String, runID: String) throws(HarnessError) -> String {
    try makeDirectories(out)
    var candidate = joinPath(out, runID)
    var attempt = 1
    while !(try makeNewDirectory(candidate)) {
        attempt += 1
        guard attempt < 100 else { throw HarnessError("cannot create a new run directory for \(runID) in \(out)") }
        candidate = joinPath(out, "\(runID)-\(attempt)")
    }
    return candidate
}

func lastPathComponent(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}
