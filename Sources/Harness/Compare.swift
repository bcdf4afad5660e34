import NumberFormatting
import Statistics
import Vocabulary

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
    /// The current speedup and its 95 % CI (after any extra rounds).
    var current: Double?
    var currentLow: Double?
    var currentHigh: Double?
    let tolerance: Double?
    /// Extra rounds this figure got because its CI straddled the regression threshold.
    var extraRounds = 0
    /// The rows' `core_rt_ns` (nil where a file predates the column or nothing was probed).
    var baselineRoundTripNs: Double? = nil
    var currentRoundTripNs: Double? = nil
    var verdict: Verdict

    /// (current ÷ baseline − 1) × 100.
    var changePercent: Double? { current.map { ($0 / baseline - 1) * 100 } }

    /// The verdict its CI supports under its tolerance t, with b the baseline:
    /// regressed when the CI's upper end < b·(1 − t); improved when its lower
    /// end > b·(1 + t); otherwise ok. `straddlesRegression` marks the "ok"s
    /// whose CI reaches below b·(1 − t): more samples could still show a regression.
    func judged() -> (verdict: Verdict, straddlesRegression: Bool) {
        guard let low = currentLow, let high = currentHigh, let tolerance else { return (.error, false) }
        let floor = baseline * (1 - tolerance), ceiling = baseline * (1 + tolerance)
        if high < floor { return (.regressed, false) }
        if low > ceiling { return (.improved, false) }
        return (.holds, low < floor)
    }
}

/// `gemmbench compare BASELINE_DIR CURRENT_DIR`.
///
/// Compares machine-independent figures only — each configuration's `speedup`
/// (a ratio to its in-run reference), never absolute seconds — of the baseline's
/// raw.csv (selected by `BaselineSelection`) with CURRENT_DIR/raw.csv, under the
/// tolerances in the baseline's tolerances.txt. Every baseline row except the
/// references themselves (speedup 1 by definition) is a figure.
///
/// Each figure is judged on the current run's 95 % CI of its speedup
/// (`speedup_lo`, `speedup_hi`; `FigureComparison.judged`): regressed only when
/// the whole CI lies below baseline × (1 − tolerance). A figure whose CI
/// straddles that threshold gets up to `compareExtraRoundLimit` extra rounds,
/// each running it and its reference once in shuffled order through `binary`
/// (the current run's min_reps/min_seconds from env.json); the new samples pool
/// with the run's own (samples.csv) and the CI is recomputed before the verdict.
/// Improvements never fail.
///
/// Prints a table on stdout (config, baseline, current, ci_lo, ci_hi,
/// change_pct, tolerance, verdict). Exit status: 0 all figures hold; 2 a figure
/// regressed or a current product FAILed verification; 1 an error — missing
/// baseline or current directory, raw.csv, env.json (or its min_reps,
/// min_seconds) or tolerances.txt, a baseline figure missing from the current
/// run or without a CI there, a figure with no tolerance, a re-measurement that
/// failed — which takes precedence over 2.
public func runCompare(baseline: String, current: String, binary: String, globalArguments: [String] = []) -> Int32 {
    let binary = resolvedPath(binary) ?? binary
    var errors: [String] = []
    let selection: BaselineSelection
    let settings: MeasurementSettings
    let baselineRows: [ResultRow]
    let currentRows: [ResultRow]
    let tolerances: Tolerances
    var currentSamples: [String: [Double]] = [:]
    var busyNote: String? = nil
    do throws(HarnessError) {
        guard isDirectory(current) else { throw HarnessError("current results directory \(current) does not exist") }
        let environmentPath = joinPath(current, "env.json")
        let environment = try FlatJSONObject.parse(try readTextFile(environmentPath), source: environmentPath)
        settings = try remeasurementSettings(environment, source: environmentPath, binary: binary,
                                             globalArguments: globalArguments)
        busyNote = machineLoadNote(environment)
        selection = try BaselineSelection.select(in: baseline, cpuClass: environment["cpu_class"]?.stringValue)
        if selection.isPortable {
            writeText("compare: no baseline for cpu_class '\(environment["cpu_class"]?.stringValue ?? "unknown")' in "
                      + "\(baseline); using the portable figures in \(selection.directory)\n", to: 2)
        }
        baselineRows = try loadRows(joinPath(selection.directory, "raw.csv"))
        tolerances = try Tolerances.load(path: joinPath(selection.directory, BaselineSelection.tolerancesFile))
        currentRows = try loadRows(joinPath(current, "raw.csv"))
        let samplesPath = joinPath(current, SamplesFile.name)
        if isRegularFile(samplesPath) {
            let text = try readTextFile(samplesPath)
            do { currentSamples = try SamplesFile.parse(text, source: samplesPath) }
            catch { throw HarnessError(error.description) }
        }
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
            errors.append("baseline row (\(row.op.rawValue)) does not identify a configuration")
            continue
        }
        if configuration.isReference { continue }
        let key = configuration.key
        guard let baselineSpeedup = row.speedup, baselineSpeedup > 0 else {
            errors.append("\(key): the baseline has no speedup for it")
            continue
        }
        var comparison = FigureComparison(key: key, baseline: baselineSpeedup,
                                          tolerance: tolerances.tolerance(for: key), verdict: .error)
        comparison.baselineRoundTripNs = row.coreRoundTripNs
        if comparison.tolerance == nil {
            errors.append("\(key): no tolerance in \(tolerances.path) (add a pattern or a default)")
        } else if let currentRow = currentByKey[configuration] {
            comparison.currentRoundTripNs = currentRow.coreRoundTripNs
            if currentRow.verdict != .pass {
                comparison.verdict = .failed
            } else if let speedup = currentRow.speedup, let low = currentRow.speedupLow, let high = currentRow.speedupHigh {
                comparison.current = speedup
                comparison.currentLow = low
                comparison.currentHigh = high
                comparison.verdict = comparison.judged().verdict
            } else if currentRow.speedup == nil {
                errors.append("\(key): the current run has no speedup for it (its reference is missing or FAILed)")
            } else {
                errors.append("\(key): the current run has no speedup CI (speedup_lo, speedup_hi): "
                              + "measure it with a gemmbench sweep that writes them")
            }
        } else {
            errors.append("\(key): missing from \(joinPath(current, "raw.csv"))")
        }
        comparisons.append(comparison)
        configurations.append(configuration)
    }

    var runner = RoundRunner(settings: settings, seed: freshOrderSeed())
    for index in comparisons.indices where comparisons[index].verdict == .holds && comparisons[index].judged().straddlesRegression {
        let configuration = configurations[index]
        var pooled = [configuration.reference, configuration].map { currentSamples[$0.key] ?? [] }
        writeText("compare: \(configuration.key) straddles its regression threshold (CI "
                  + "[\(formatFixed(comparisons[index].currentLow ?? 0, decimals: 3)), "
                  + "\(formatFixed(comparisons[index].currentHigh ?? 0, decimals: 3))] vs "
                  + "\(formatFixed(comparisons[index].baseline * (1 - (comparisons[index].tolerance ?? 0)), decimals: 3))); "
                  + "extra rounds beside its reference\n", to: 2)
        rounds: while comparisons[index].extraRounds < compareExtraRoundLimit {
            comparisons[index].extraRounds += 1
            let order = runner.shuffledOrder(of: [configuration.reference, configuration])
            var failure: String? = nil
            runner.run(round: comparisons[index].extraRounds, order: order, finished: { _, c, outcome in
                switch outcome {
                case .row(let row):
                    if row.verdict != .pass { failure = failure ?? "FAIL" }
                    pooled[c == configuration ? 1 : 0] += row.samples ?? []
                case .error(let message):
                    failure = failure ?? "\(c.key): \(message)"
                }
            })
            if failure == "FAIL" {
                comparisons[index].verdict = .failed
                break rounds
            }
            if let failure {
                errors.append("\(configuration.key): re-measurement failed: \(failure)")
                comparisons[index].verdict = .error
                break rounds
            }
            guard let referenceMedian = median(pooled[0]), let measuredMedian = median(pooled[1]), measuredMedian > 0,
                  let interval = RatioInterval.ofMedians(reference: pooled[0], measured: pooled[1]) else { continue }
            comparisons[index].current = rounded(referenceMedian / measuredMedian, decimals: 4)
            comparisons[index].currentLow = rounded(interval.lowerBound, decimals: 4)
            comparisons[index].currentHigh = rounded(interval.upperBound, decimals: 4)
            let (verdict, straddles) = comparisons[index].judged()
            comparisons[index].verdict = verdict
            if !straddles { break rounds }
        }
    }

    writeText(comparisonTable(comparisons).aligned, to: 1)
    let regressions = comparisons.filter { $0.verdict == .regressed || $0.verdict == .failed }
    let baselineFile = joinPath(selection.directory, "raw.csv")
    writeText("compare: \(comparisons.count) figures from \(baselineFile): \(regressions.count) regressed or FAILed, "
              + "\(comparisons.filter { $0.verdict == .improved }.count) improved, \(errors.count) errors\n", to: 2)
    if let busyNote, !regressions.isEmpty { writeText("compare: \(busyNote)\n", to: 2) }
    for figure in comparisons where figure.verdict == .regressed {
        if let note = farCoresNote(figure) { writeText("compare: \(note)\n", to: 2) }
    }
    for error in errors { reportError("compare: \(error)") }
    if !errors.isEmpty { return 1 }
    return regressions.isEmpty ? 0 : 2
}

/// Other processes' mean load during the current run above this many cores is
/// worth a warning beside a regression: a sustained outside job lowers every
/// parallel figure of a sweep, which no amount of re-measuring inside it undoes.
let busyMachineLoad = 0.25

/// A line saying the machine was busy while the current run measured (env.json's
/// `other_load_mean`, `steal_pct`), or nil when it was not.
func machineLoadNote(_ environment: FlatJSONObject) -> String? {
    let load = environment["other_load_mean"]?.stringValue.flatMap { Double($0) } ?? 0
    let steal = environment["steal_pct"]?.stringValue.flatMap { Double($0) } ?? 0
    guard load > busyMachineLoad || steal > 5 else { return nil }
    return "the machine was busy while the current run measured: other processes used \(formatFixed(load, decimals: 2)) "
        + "cores on average and the hypervisor stole \(formatFixed(steal, decimals: 1))% (env.json); "
        + "parallel figures may read low — re-run the sweep on a quiet machine before trusting the regression"
}

/// A current inter-core round trip more than this many times the baseline's
/// means the host placed the CPUs far apart while the figure was measured
/// (on the lead's VM: ~400–600 ns against ~130–200 ns, 1.8× 2-thread OpenBLAS
/// reading 1.2×); 1.5 stays clear of the probe's own spread between near placements.
let farCoresRoundTripRatio = 1.5

/// A line beside a REGRESSED figure whose row's `core_rt_ns` exceeds
/// `farCoresRoundTripRatio` × the baseline row's, or nil (also when either
/// row lacks the column).
func farCoresNote(_ figure: FigureComparison) -> String? {
    guard let current = figure.currentRoundTripNs, let baseline = figure.baselineRoundTripNs, baseline > 0,
          current > farCoresRoundTripRatio * baseline else { return nil }
    return "\(figure.key): the inter-core round trip was \(formatFixed(current, decimals: 0)) ns while the current run "
        + "measured this figure against \(formatFixed(baseline, decimals: 0)) ns in the baseline (core_rt_ns): the host "
        + "placed the CPUs far apart, which slows threads that share cache lines (OpenBLAS's own threads) far more "
        + "than worker processes — re-run the sweep before trusting the regression"
}

/// The most extra rounds (each: the figure and its reference once, shuffled)
/// a straddling figure gets before its verdict. Six rounds add about 6 × min_reps
/// samples to each side: enough to halve a CI that straddled by a little.
let compareExtraRoundLimit = 6

/// How the current run measured, read from its env.json: re-measurements must
/// use the same repeat rule. Missing keys are an error, never a guess.
func remeasurementSettings(_ environment: FlatJSONObject, source: String, binary: String,
                           globalArguments: [String]) throws(HarnessError) -> MeasurementSettings {
    guard let minReps = environment["min_reps"]?.stringValue.flatMap({ Int($0) }), minReps >= 1 else {
        throw HarnessError("\(source) has no min_reps (an integer ≥ 1): cannot re-measure the way the run measured")
    }
    guard let minSeconds = environment["min_seconds"]?.stringValue.flatMap({ Double($0) }), minSeconds >= 0 else {
        throw HarnessError("\(source) has no min_seconds (a number ≥ 0): cannot re-measure the way the run measured")
    }
    // An [mpi] or [mpi-chain] grid's mpirun arguments (a hostfile, --oversubscribe) come from the
    // suite the run recorded; a run without MPI rows needs none.
    let suite = environment["suite_text"]?.stringValue.flatMap { try? Suite.parse(text: $0, path: source) }
    return MeasurementSettings(binary: binary, minReps: minReps, minSeconds: minSeconds,
                               timeoutSeconds: Suite.defaultTimeoutSeconds, globalArguments: globalArguments,
                               mpirunArguments: suite.flatMap { try? SweepPlan(suite: $0) }?.mpirunArguments ?? [:])
}

/// The table `compare` prints: change_pct = (current ÷ baseline − 1) × 100.
func comparisonTable(_ comparisons: [FigureComparison]) -> Table {
    Table(header: ["config", "baseline", "current", "ci_lo", "ci_hi", "change_pct", "tolerance", "verdict"],
          rows: comparisons.map { figure in
              let change = figure.changePercent.map { ($0 >= 0 ? "+" : "") + formatFixed($0, decimals: 1) } ?? ""
              func three(_ value: Double?) -> String { value.map { formatFixed($0, decimals: 3) } ?? "" }
              return [figure.key, three(figure.baseline), three(figure.current), three(figure.currentLow),
                      three(figure.currentHigh), change, figure.tolerance.map { formatFixed($0, decimals: 2) } ?? "",
                      figure.verdict.rawValue + (figure.extraRounds > 0 ? " (+\(figure.extraRounds) rounds)" : "")]
          })
}

func loadRows(_ path: String) throws(HarnessError) -> [ResultRow] {
    let text = try readTextFile(path)
    do { return try ResultRow.parseCSV(text, source: path) } catch { throw HarnessError(error.description) }
}
