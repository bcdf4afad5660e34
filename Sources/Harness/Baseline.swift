import NumberFormatting
import ResultRows
import SystemBoundary
import Vocabulary

/// `gemmbench baseline RUN1 RUN2 RUN3 … [--into DIR]`: records sweeps of one
/// machine as the regression baseline of its class (package-benchmark's
/// per-machine baselines), so a user checks their own machine with one command.
///
/// The runs should be independent sweeps of the same suite, ideally minutes
/// apart: samples inside one sweep share the machine's state of that minute,
/// so only the spread BETWEEN runs says how far a new run may land
/// (`BaselineFigure`). Writes `DIR/<cpu_class>/` (DIR defaults to the
/// repository's Benchmarks/baseline, found like the suites):
/// - raw.csv: the first run's rows, with each figure's `speedup` the geometric
///   mean over the runs, weighted by their own CIs, and `speedup_lo`, `speedup_hi` the prediction
///   interval for one new run (with one run: its own figures);
/// - env.json: the first run's, plus `baseline_runs` (their run ids) and `baseline_run_count`;
/// - tolerances.txt (`BaselineTolerances`): one derived line per figure saying
///   how it was derived and from how many runs, then the hand edits of the
///   previous tolerances.txt, kept with their reasons.
///
/// Refuses — writing nothing — a run with a FAILed product, a figure without a
/// speedup CI, an env.json without cpu_class, an incomplete run
/// (`RunCompleteness`), a raw.csv the reader refuses, runs of different CPU
/// classes, the same run twice, and a run that lacks a figure of the first.
/// One or two runs are accepted with a warning that their tolerances are narrow.
/// Returns 0, or 1 with one line naming what is wrong.
public func recordBaseline(runs: [String], into: String?, binary: String) -> ExitCode {
    do throws(HarnessError) {
        let loaded = try runs.map { directory throws(HarnessError) in try BaselineRun.load(directory) }
        let cpuClass = loaded[0].cpuClass
        try checkRunsBelongTogether(loaded)
        let figures = try baselineFigures(loaded)
        let root: String
        if let into { root = into } else { root = try defaultBaselineRoot(binary: binary) }
        let directory = joinPath(root, cpuClass)
        try makeDirectories(directory)
        let tolerancesPath = joinPath(directory, BaselineSelection.tolerancesFile)
        let previous = isRegularFile(tolerancesPath) ? try readTextFile(tolerancesPath) : nil
        let tolerances = BaselineTolerances(figures: figures, runs: loaded.map(\.directory), cpuClass: cpuClass,
                                            previous: previous)
        do { _ = try Tolerances.parse(text: tolerances.text, path: tolerancesPath) }
        catch { throw HarnessError("the tolerances to write do not parse (\(error.description)): fix the hand edits in \(tolerancesPath)") }
        var environment = loaded[0].environment
        environment["baseline_runs"] = .string(loaded.map { $0.environment["run_id"]?.stringValue ?? $0.directory }.joined(separator: " "))
        environment["baseline_run_count"] = .number(String(loaded.count))
        try writeFileAtomically(joinPath(directory, "raw.csv"), ResultRow.csvDocument(baselineRows(loaded[0].rows, figures)))
        try writeFileAtomically(tolerancesPath, tolerances.text)
        try writeFileAtomically(joinPath(directory, "env.json"), environment.text)
        if loaded.count < baselineRecommendedRuns {
            writeText("baseline: warning: \(loaded.count) run\(loaded.count == 1 ? "" : "s") only: the tolerances "
                      + (loaded.count == 1 ? "come from its own CIs, which cannot see how far the next run lands, "
                                           : "rest on one degree of freedom, ")
                      + "so expect false alarms; record from \(baselineRecommendedRuns) or more independent sweeps, minutes apart\n", to: 2)
        }
        for note in figures.compactMap(\.disagreement) + tolerances.notes { writeText("baseline: \(note)\n", to: 2) }
        writeText("baseline: \(figures.count) figures from \(loaded.count) run(s) recorded for cpu_class \(cpuClass) in "
                  + "\(directory) (tolerances \(tolerances.rangeText), \(tolerances.keptHandEdits) hand edit(s) kept)\n", to: 2)
        return .success
    } catch {
        reportError("baseline: \(error.description)")
        return .error
    }
}

/// The fewest runs whose spread gives a usable prediction interval (t(0.975; 2) = 4.3).
let baselineRecommendedRuns = 3

/// One results directory, checked for use as a baseline.
struct BaselineRun {
    let directory: String
    let environment: FlatJSONObject
    let cpuClass: String
    let rows: [ResultRow]

    static func load(_ results: String) throws(HarnessError) -> BaselineRun {
        let environmentPath = joinPath(results, "env.json")
        guard isDirectory(results) else { throw HarnessError("results directory \(results) does not exist") }
        let environment = try FlatJSONObject.parse(try readTextFile(environmentPath), source: environmentPath)
        guard let cpuClass = environment["cpu_class"]?.stringValue, !cpuClass.isEmpty, !cpuClass.contains("/"),
              cpuClass != "." && cpuClass != ".." else {
            throw HarnessError("\(environmentPath) has no usable cpu_class: cannot tell which machine class this run measured")
        }
        let rawPath = joinPath(results, "raw.csv")
        let rows = try loadRows(rawPath)
        guard !rows.isEmpty else { throw HarnessError("\(rawPath) has no rows") }
        try RunCompleteness.check(environment, source: environmentPath, rows: rows)
        for row in rows {
            let key = BenchConfiguration(row: row)?.key ?? row.op.rawValue
            guard row.verdict == .pass else {
                throw HarnessError("\(key) FAILed verification in \(rawPath): a baseline is only recorded from runs where every product PASSed")
            }
            guard row.speedup != nil, row.speedupLow != nil, row.speedupHigh != nil else {
                throw HarnessError("\(key) has no speedup with a CI in \(rawPath): record a sweep's results directory")
            }
        }
        return BaselineRun(directory: results, environment: environment, cpuClass: cpuClass, rows: rows)
    }
}

/// Runs of one baseline: one CPU class, each run once.
func checkRunsBelongTogether(_ runs: [BaselineRun]) throws(HarnessError) {
    for run in runs.dropFirst() where run.cpuClass != runs[0].cpuClass {
        throw HarnessError("\(run.directory) measured cpu_class \(run.cpuClass) but \(runs[0].directory) measured "
                           + "\(runs[0].cpuClass): a baseline holds one machine class")
    }
    // The same folder twice, or a copy of one run (same id, seed and start time).
    var seen: [String: String] = [:]
    for run in runs {
        let path = resolvedPath(run.directory) ?? run.directory
        let stamp = ["run_id", "order_seed", "date"].map { run.environment[$0]?.stringValue ?? "?" }.joined(separator: "|")
        if let earlier = seen[path] ?? seen[stamp] {
            throw HarnessError("\(run.directory) is the same run as \(earlier): give independent sweeps")
        }
        seen[path] = run.directory
        seen[stamp] = run.directory
    }
}

/// Every figure of the first run (its non-reference rows) across all runs.
func baselineFigures(_ runs: [BaselineRun]) throws(HarnessError) -> [BaselineFigure] {
    let indexed = runs.map { run in
        Dictionary(run.rows.compactMap { row in BenchConfiguration(row: row).map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
    }
    var figures: [BaselineFigure] = []
    for row in runs[0].rows {
        guard let configuration = BenchConfiguration(row: row), !configuration.isReference else { continue }
        var readings: [BaselineFigure.Reading] = []
        for (run, rows) in zip(runs, indexed) {
            guard let found = rows[configuration], let speedup = found.speedup, speedup > 0,
                  let low = found.speedupLow, let high = found.speedupHigh else {
                throw HarnessError("\(configuration.key) is missing from \(joinPath(run.directory, "raw.csv")) or has no "
                                   + "speedup there: every run of a baseline must measure the same suite")
            }
            // RunPrediction takes each run's error from its CI; one it cannot read would
            // drop the whole prediction and leave the figure a one-run tolerance.
            guard low > 0, low <= speedup, speedup <= high else {
                throw HarnessError("\(configuration.key) in \(joinPath(run.directory, "raw.csv")) has speedup \(speedup) "
                                   + "with CI [\(low), \(high)]: a CI must lie above 0 and hold its speedup; record a sweep's results directory")
            }
            readings.append(.init(speedup: speedup, low: low, high: high, rounds: found.rounds ?? 2))
        }
        figures.append(BaselineFigure(key: configuration.key, configuration: configuration, readings: readings))
    }
    return figures
}

/// The first run's rows with each figure's speedup and interval from all runs.
func baselineRows(_ rows: [ResultRow], _ figures: [BaselineFigure]) -> [ResultRow] {
    let byConfiguration = Dictionary(figures.map { ($0.configuration, $0) }, uniquingKeysWith: { a, _ in a })
    return rows.map { row in
        guard let configuration = BenchConfiguration(row: row), let figure = byConfiguration[configuration],
              figure.readings.count > 1 else { return row }
        var row = row
        row.speedup = rounded(figure.center, decimals: 4)
        row.speedupLow = rounded(figure.predictionRange.lowerBound, decimals: 4)
        row.speedupHigh = rounded(figure.predictionRange.upperBound, decimals: 4)
        return row
    }
}

/// Benchmarks/baseline of the repository the current directory or the binary is in.
func defaultBaselineRoot(binary: String) throws(HarnessError) -> String {
    for directory in searchDirectories(binary: binary) where isDirectory(joinPath(directory, "Benchmarks/suites")) {
        return joinPath(directory, "Benchmarks/baseline")
    }
    throw HarnessError("found no Benchmarks/ folder in the current directory, the binary's directory or their parents: give --into DIR")
}
