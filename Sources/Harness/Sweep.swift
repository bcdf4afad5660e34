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

    public init(suite: String, outDirectory: String = "results", binary: String, runID: String? = nil) {
        self.suite = suite
        self.outDirectory = outDirectory
        self.binary = binary
        self.runID = runID
    }
}

/// Runs a suite: every configuration of `SweepPlan` in its own child process,
/// then writes raw.csv, speedup-gemm.csv, speedup-chain.csv and env.json into
/// `<out>/<run-id>/`, points `<out>/latest` at it and prints the speedup tables
/// on stdout. Progress and errors go to stderr.
///
/// Returns the exit status: 0 every configuration PASSed; 1 a product FAILed
/// verification, a child crashed/timed out/printed no row (recorded, the sweep
/// goes on), or results could not be written; 2 the suite is missing or malformed.
public func runSweep(_ options: SweepOptions) -> Int32 {
    let binary = resolvedPath(options.binary) ?? options.binary
    let suite: Suite
    do {
        suite = try Suite.load(path: try locateSuite(options.suite, binary: binary))
    } catch {
        reportError("\(error)")
        return 2
    }
    let plan = SweepPlan(suite: suite)
    let stamps = utcTimestamps()
    let info: FlatJSONObject
    let runDirectory: String
    do {
        try checkSymlinkReplaceable(joinPath(options.outDirectory, "latest"))
        info = try machineInfo(binary: binary)
        runDirectory = try makeRunDirectory(in: options.outDirectory, runID: options.runID ?? stamps.compact)
        let record = environmentRecord(info: info, suite: suite, runID: lastPathComponent(runDirectory),
                                       date: stamps.iso, binary: binary)
        try writeFileAtomically(joinPath(runDirectory, "env.json"), record.text)
    } catch {
        reportError(error.description)
        return 1
    }

    let settings = MeasurementSettings(binary: binary, minReps: suite.minReps, minSeconds: suite.minSeconds,
                                       timeoutSeconds: suite.timeoutSeconds)
    let costs = plan.configurations.map { estimatedSeconds($0, minReps: suite.minReps, minSeconds: suite.minSeconds) }
    var progress = ProgressReporter(costs: costs, interactive: isTerminal(2))
    progress.note("sweep: suite \(suite.name) (\(suite.path)), \(plan.configurations.count) configurations, "
                  + "estimated \(formatDuration(costs.reduce(0, +))), results in \(runDirectory)")
    var rows: [ResultRow] = []
    var failures: [String] = []
    var errors: [String] = []
    for (index, configuration) in plan.configurations.enumerated() {
        progress.running(index: index, label: configuration.label)
        let outcome = measure(configuration, with: settings) {
            progress.running(index: index, label: configuration.label)
        }
        switch outcome {
        case .row(let row):
            rows.append(row)
            rows = fillSpeedups(rows)
            var summary = "median \(formatSignificant(row.medianSeconds, digits: 4)) s, \(formatFixed(row.gflops, decimals: 2)) GFLOP/s"
            if let speedup = rows.last?.speedup { summary += ", speedup \(formatFixed(speedup, decimals: 3))" }
            summary += ", \(row.verdict)"
            if row.verdict != "PASS" {
                failures.append(configuration.label)
                progress.note("FAIL: \(configuration.label): product failed verification (residual \(row.residual))")
            }
            progress.finished(index: index, label: configuration.label, summary: summary)
        case .error(let message):
            errors.append("\(configuration.label): \(message)")
            progress.note("error: \(configuration.label): \(message)")
            progress.finished(index: index, label: configuration.label, summary: "error")
        }
        do {
            try writeFileAtomically(joinPath(runDirectory, "raw.csv"), ResultRow.csvDocument(rows))
        } catch {
            progress.done()
            reportError(error.description)
            return 1
        }
    }
    progress.done()

    let gemmTable = gemmSpeedupTable(rows)
    let chainTable = chainSpeedupTable(rows)
    do {
        try writeFileAtomically(joinPath(runDirectory, "speedup-gemm.csv"), gemmTable.csv)
        try writeFileAtomically(joinPath(runDirectory, "speedup-chain.csv"), chainTable.csv)
        try replaceSymlink(joinPath(options.outDirectory, "latest"), target: lastPathComponent(runDirectory))
    } catch {
        reportError(error.description)
        return 1
    }
    writeText(renderSummaryTables(gemm: gemmTable, chain: chainTable), to: 1)

    let elapsed = formatDuration(monotonicSeconds() - progress.started)
    writeText("sweep: \(rows.count + errors.count) configurations in \(elapsed): \(failures.count) FAIL, "
              + "\(errors.count) errors; results in \(runDirectory)\n", to: 2)
    for failure in failures { reportError("FAIL: \(failure)") }
    for error in errors { reportError("error: \(error)") }
    return failures.isEmpty && errors.isEmpty ? 0 : 1
}

/// The tables printed at the end of a sweep.
func renderSummaryTables(gemm: Table, chain: Table) -> String {
    var text = ""
    if !gemm.rows.isEmpty {
        text += "gemm: speedup vs one process with 1-thread OpenBLAS (baseline_s, baseline_gflops: that reference)\n"
        text += gemm.aligned
    }
    if !chain.rows.isEmpty {
        if !text.isEmpty { text += "\n" }
        text += "chain: speedup vs planner optimal in one process with 1 BLAS thread (baseline_s: that reference)\n"
        text += chain.aligned
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
