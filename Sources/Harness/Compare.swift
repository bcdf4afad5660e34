import Glibc

/// One baseline figure checked against the current run.
struct FigureComparison {
    enum Verdict: String {
        case holds = "ok"
        case improved = "improved"
        case regressed = "REGRESSED"
        /// The current product FAILed verification: never reported as a speed.
        case failed = "FAIL"
        case error = "ERROR"
    }

    let key: String
    let baseline: Double
    /// The better of the sweep's reading and the re-measurement, if any.
    var current: Double?
    let tolerance: Double?
    var remeasured = false
    var verdict: Verdict

    /// (current ÷ baseline − 1) × 100.
    var changePercent: Double? { current.map { ($0 / baseline - 1) * 100 } }
}

/// `gemmbench compare BASELINE_DIR CURRENT_DIR`.
///
/// Compares machine-independent figures only — each configuration's `speedup`
/// (a ratio to its in-run reference), never absolute seconds — of the baseline's
/// raw.csv (selected by `BaselineSelection`) with CURRENT_DIR/raw.csv, under the
/// tolerances in the baseline's tolerances.txt. Every baseline row except the
/// references themselves (speedup 1 by definition) is a figure.
///
/// A figure regresses when current < baseline × (1 − tolerance). Before calling
/// it regressed, the configuration and its reference are re-measured side by
/// side through `binary` (the current run's min_reps/min_seconds from env.json)
/// and the better of the two speedups is kept. Improvements never fail.
///
/// Prints a table on stdout (config, baseline, current, change_pct, tolerance,
/// verdict). Exit status: 0 all figures hold; 2 a figure regressed or a current
/// product FAILed verification; 1 an error — missing baseline or current
/// directory, raw.csv, env.json or tolerances.txt, a baseline figure missing
/// from the current run, a figure with no tolerance, a re-measurement that
/// failed — which takes precedence over 2.
public func runCompare(baseline: String, current: String, binary: String) -> Int32 {
    let binary = resolvedPath(binary) ?? binary
    var errors: [String] = []
    let selection: BaselineSelection
    let environment: FlatJSONObject
    let baselineRows: [ResultRow]
    let currentRows: [ResultRow]
    let tolerances: Tolerances
    do throws(HarnessError) {
        guard isDirectory(current) else { throw HarnessError("current results directory \(current) does not exist") }
        let environmentPath = joinPath(current, "env.json")
        environment = try FlatJSONObject.parse(try readTextFile(environmentPath), source: environmentPath)
        selection = try BaselineSelection.select(in: baseline, cpuClass: environment["cpu_class"]?.stringValue)
        if selection.isPortable {
            writeText("compare: no baseline for cpu_class '\(environment["cpu_class"]?.stringValue ?? "unknown")' in "
                      + "\(baseline); using the portable figures in \(selection.directory)\n", to: 2)
        }
        baselineRows = try loadRows(joinPath(selection.directory, "raw.csv"))
        tolerances = try Tolerances.load(path: joinPath(selection.directory, BaselineSelection.tolerancesFile))
        currentRows = try loadRows(joinPath(current, "raw.csv"))
    } catch {
        reportError("compare: \(error.description)")
        return 1
    }

    var currentByKey: [BenchConfiguration: ResultRow] = [:]
    for row in currentRows {
        if let configuration = BenchConfiguration(row: row) { currentByKey[configuration] = row }
    }
    var comparisons: [FigureComparison] = []
    var configurations: [BenchConfiguration] = []
    for row in baselineRows {
        guard let configuration = BenchConfiguration(row: row) else {
            errors.append("baseline row (\(row.op)) does not identify a configuration")
            continue
        }
        if configuration.isReference { continue }
        let key = configuration.key
        guard let baselineSpeedup = row.speedup, baselineSpeedup > 0 else {
            errors.append("\(key): the baseline has no speedup for it")
            continue
        }
        var comparison = FigureComparison(key: key, baseline: baselineSpeedup, current: nil,
                                          tolerance: tolerances.tolerance(for: key), verdict: .error)
        if comparison.tolerance == nil {
            errors.append("\(key): no tolerance in \(tolerances.path) (add a pattern or a default)")
        } else if let currentRow = currentByKey[configuration] {
            if currentRow.verdict != "PASS" {
                comparison.verdict = .failed
            } else if let speedup = currentRow.speedup {
                comparison.current = speedup
                comparison.verdict = judge(speedup, against: comparison)
            } else {
                errors.append("\(key): the current run has no speedup for it (its reference is missing or FAILed)")
            }
        } else {
            errors.append("\(key): missing from \(joinPath(current, "raw.csv"))")
        }
        comparisons.append(comparison)
        configurations.append(configuration)
    }

    let settings = MeasurementSettings(
        binary: binary,
        minReps: environment["min_reps"]?.stringValue.flatMap { Int($0) } ?? 3,
        minSeconds: environment["min_seconds"]?.stringValue.flatMap { Double($0) } ?? 0.5,
        timeoutSeconds: Suite.defaultTimeoutSeconds)
    for index in comparisons.indices where comparisons[index].verdict == .regressed {
        let configuration = configurations[index]
        writeText("compare: \(configuration.key) looks regressed "
                  + "(\(formatFixed(comparisons[index].current ?? 0, decimals: 3)) vs "
                  + "\(formatFixed(comparisons[index].baseline, decimals: 3))); re-measuring it and its reference\n", to: 2)
        comparisons[index].remeasured = true
        // A shared machine has bursts of noise lasting seconds: a figure gets up to
        // `remeasureAttempts` side-by-side readings before it counts as regressed.
        attempts: for attempt in 0..<remeasureAttempts {
            // Spread the readings out: a burst that spoiled one is less likely to spoil the next.
            if attempt > 0 { sleep(UInt32(2 * attempt)) }
            switch remeasureSpeedup(configuration, with: settings) {
            case .speedup(let speedup):
                comparisons[index].current = max(comparisons[index].current ?? 0, speedup)
                comparisons[index].verdict = judge(comparisons[index].current!, against: comparisons[index])
                if comparisons[index].verdict != .regressed { break attempts }
            case .failedVerification:
                comparisons[index].verdict = .failed
                break attempts
            case .error(let message):
                errors.append("\(configuration.key): re-measurement failed: \(message)")
                comparisons[index].verdict = .error
                break attempts
            }
        }
    }

    writeText(comparisonTable(comparisons).aligned, to: 1)
    let regressions = comparisons.filter { $0.verdict == .regressed || $0.verdict == .failed }
    let baselineFile = joinPath(selection.directory, "raw.csv")
    writeText("compare: \(comparisons.count) figures from \(baselineFile): \(regressions.count) regressed or FAILed, "
              + "\(errors.count) errors\n", to: 2)
    for error in errors { reportError("compare: \(error)") }
    if !errors.isEmpty { return 1 }
    return regressions.isEmpty ? 0 : 2
}

/// holds / improved / regressed for a reading under the figure's tolerance.
private func judge(_ speedup: Double, against figure: FigureComparison) -> FigureComparison.Verdict {
    let tolerance = figure.tolerance ?? 0
    if speedup < figure.baseline * (1 - tolerance) { return .regressed }
    if speedup > figure.baseline * (1 + tolerance) { return .improved }
    return .holds
}

/// How many side-by-side re-measurements a figure that looks regressed gets.
let remeasureAttempts = 3

enum Remeasurement: Equatable {
    /// Reference median ÷ configuration median, rounded to 4 decimals.
    case speedup(Double)
    case failedVerification
    case error(String)
}

/// Re-runs the reference and then the configuration, back to back, each in its
/// own child process, so both readings see the same machine state.
func remeasureSpeedup(_ configuration: BenchConfiguration, with settings: MeasurementSettings) -> Remeasurement {
    var medians: [Double] = []
    for run in [configuration.reference, configuration] {
        switch measure(run, with: settings) {
        case .row(let row):
            guard row.verdict == "PASS" else { return .failedVerification }
            guard row.medianSeconds > 0 else { return .error("\(run.key) reported a median of 0 s") }
            medians.append(row.medianSeconds)
        case .error(let message):
            return .error("\(run.key): \(message)")
        }
    }
    return .speedup(rounded(medians[0] / medians[1], decimals: 4))
}

/// The table `compare` prints: change_pct = (current ÷ baseline − 1) × 100.
func comparisonTable(_ comparisons: [FigureComparison]) -> Table {
    Table(header: ["config", "baseline", "current", "change_pct", "tolerance", "verdict"],
          rows: comparisons.map { figure in
              let change = figure.changePercent.map { ($0 >= 0 ? "+" : "") + formatFixed($0, decimals: 1) } ?? ""
              return [figure.key, formatFixed(figure.baseline, decimals: 3),
                      figure.current.map { formatFixed($0, decimals: 3) } ?? "", change,
                      figure.tolerance.map { formatFixed($0, decimals: 2) } ?? "",
                      figure.verdict.rawValue + (figure.remeasured ? " (re-measured)" : "")]
          })
}

private func loadRows(_ path: String) throws(HarnessError) -> [ResultRow] {
    let text = try readTextFile(path)
    do { return try ResultRow.parseCSV(text, source: path) } catch { throw HarnessError(error.description) }
}
