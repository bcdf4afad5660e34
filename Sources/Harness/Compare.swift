import NumberFormatting
import ResultRows
import SystemBoundary
import Statistics
import Vocabulary

/// One baseline figure checked against the current run.
struct FigureComparison {
    enum Verdict: String {
        case holds = "within noise"
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
    /// Extra rounds this figure got before its verdict (`remeasure`).
    var extraRounds = 0
    /// The rows' `core_rt_ns` (nil where a file predates the column or nothing was probed).
    var baselineRoundTripNs: Double? = nil
    var currentRoundTripNs: Double? = nil
    var verdict: Verdict

    /// (current ÷ baseline − 1) × 100.
    var changePercent: Double? { current.map { ($0 / baseline - 1) * 100 } }

    /// The verdict under its tolerance t, with b the baseline and c the current
    /// speedup: regressed when c < b·(1 − t) AND the CI's upper end < b — the
    /// figure left the band the baseline's runs predict, and the current run's
    /// own CI says it is slower than the baseline at all; improved, the mirror
    /// image; otherwise within noise. Both conditions are needed: the band alone
    /// trusts one run's figure however wide its CI, and the CI alone flags a
    /// change that stays inside the spread between runs.
    /// `straddlesRegression` marks a figure below the band whose CI still reaches
    /// b: more rounds narrow the CI and settle it either way (`remeasure`).
    func judged() -> (verdict: Verdict, straddlesRegression: Bool) {
        guard let current, let low = currentLow, let high = currentHigh, let tolerance else { return (.error, false) }
        let floor = baseline * (1 - tolerance), ceiling = baseline * (1 + tolerance)
        if current < floor && high < baseline { return (.regressed, false) }
        if current > ceiling && low > baseline { return (.improved, false) }
        return (.holds, current < floor)
    }
}

/// `gemmbench compare BASELINE_DIR CURRENT_DIR [--markdown]`.
///
/// Compares machine-independent figures only — each configuration's `speedup`
/// (a ratio to its in-run reference), never absolute seconds — of the baseline's
/// raw.csv (selected by `BaselineSelection`) with CURRENT_DIR/raw.csv, under the
/// tolerances in the baseline's tolerances.txt. Every baseline row except the
/// references themselves (speedup 1 by definition) is a figure.
///
/// Each figure is judged on the current run's speedup and its 95 % CI
/// (`speedup_lo`, `speedup_hi`; `FigureComparison.judged`): regressed only when
/// the speedup lies below baseline × (1 − tolerance) and the whole CI below the
/// baseline. Two kinds of figure are measured again before their verdict
/// (`remeasure`): one below that threshold whose CI still reaches the baseline, and a regressed one with a round measured while the vCPUs
/// sat far apart (`FarPlacementRule` over the current run's own probes).
/// Improvements never fail.
///
/// Prints a table on stdout (`CompareReport`: each figure regressed, improved
/// or within noise; a geometric-mean row per section; a one-line summary), as
/// Markdown for a pull-request comment with `markdown`. Exit status: 0 all
/// figures hold; 2 a figure regressed or a current product FAILed verification;
/// 1 an error — missing baseline or current directory, raw.csv, env.json (or
/// its min_reps, min_seconds) or tolerances.txt, a baseline figure missing from
/// the current run or without a CI there, a figure with no tolerance, a
/// re-measurement that failed — which takes precedence over 2.
public func runCompare(baseline: String, current: String, binary: String, globalArguments: [String] = [],
                       markdown: Bool = false) -> ExitCode {
    runCompare(baseline: baseline, current: current, binary: binary, globalArguments: globalArguments,
               markdown: markdown, probeCoreRoundTrip: { CoreRoundTrip.measure() })
}

/// `runCompare` with the extra rounds' inter-core probe given (tests fix it).
func runCompare(baseline: String, current: String, binary: String, globalArguments: [String] = [],
                markdown: Bool = false, probeCoreRoundTrip: @escaping () -> Double?) -> ExitCode {
    let binary = resolvedPath(binary) ?? binary
    let inputs: CompareInputs
    do throws(HarnessError) {
        inputs = try CompareInputs.load(baseline: baseline, current: current, binary: binary,
                                        globalArguments: globalArguments)
    } catch {
        reportError("compare: \(error.description)")
        return .error
    }
    if inputs.selection.isPortable {
        writeText("compare: no baseline for cpu_class '\(inputs.cpuClass ?? "unknown")' in "
                  + "\(baseline); using the portable figures in \(inputs.selection.directory)\n", to: 2)
    }
    var (figures, errors) = judgeFigures(inputs)
    remeasure(&figures, inputs: inputs, probeCoreRoundTrip: probeCoreRoundTrip, errors: &errors)

    let report = CompareReport(figures: figures.map(\.comparison), errors: errors.count,
                               baselineFile: joinPath(inputs.selection.directory, "raw.csv"))
    writeText(markdown ? report.markdown : report.text, to: 1)
    let regressions = figures.filter { $0.comparison.verdict == .regressed || $0.comparison.verdict == .failed }
    if let busyNote = inputs.busyNote, !regressions.isEmpty { writeText("compare: \(busyNote)\n", to: 2) }
    for figure in figures where figure.comparison.verdict == .regressed {
        if let note = farCoresNote(figure.comparison) { writeText("compare: \(note)\n", to: 2) }
    }
    for error in errors { reportError("compare: \(error)") }
    if !errors.isEmpty { return .error }
    return regressions.isEmpty ? .success : .regressed
}

/// Everything `compare` reads before it judges: the baseline it selected and
/// the current run, with the current run's samples grouped by round.
struct CompareInputs {
    let selection: BaselineSelection
    let cpuClass: String?
    let settings: MeasurementSettings
    let baselineRows: [ResultRow]
    let currentRows: [ResultRow]
    let tolerances: Tolerances
    /// samples.csv of the current run by configuration key (empty when the file is absent).
    let currentRounds: [String: [RoundSamples]]
    /// "Far" for the current run, from its own probes (samples.csv).
    let farRule: FarPlacementRule
    let busyNote: String?

    static func load(baseline: String, current: String, binary: String,
                     globalArguments: [String]) throws(HarnessError) -> CompareInputs {
        guard isDirectory(current) else { throw HarnessError("current results directory \(current) does not exist") }
        let environmentPath = joinPath(current, "env.json")
        let environment = try FlatJSONObject.parse(try readTextFile(environmentPath), source: environmentPath)
        let settings = try remeasurementSettings(environment, source: environmentPath, binary: binary,
                                                 globalArguments: globalArguments)
        let cpuClass = environment["cpu_class"]?.stringValue
        let selection = try BaselineSelection.select(in: baseline, cpuClass: cpuClass)
        let baselineRows = try loadRows(joinPath(selection.directory, "raw.csv"))
        let tolerances = try Tolerances.load(path: joinPath(selection.directory, BaselineSelection.tolerancesFile))
        let currentRows = try loadRows(joinPath(current, "raw.csv"))
        var rounds: [String: [RoundSamples]] = [:]
        let samplesPath = joinPath(current, SamplesFile.name)
        if isRegularFile(samplesPath) {
            let text = try readTextFile(samplesPath)
            do { rounds = try SamplesFile.parse(text, source: samplesPath) }
            catch { throw HarnessError(error.description) }
        }
        let probes = rounds.values.flatMap { $0.compactMap(\.coreRoundTripNs) }
        return CompareInputs(selection: selection, cpuClass: cpuClass, settings: settings, baselineRows: baselineRows,
                             currentRows: currentRows, tolerances: tolerances, currentRounds: rounds,
                             farRule: FarPlacementRule(probes: probes), busyNote: machineLoadNote(environment))
    }
}

/// A figure being judged: its comparison and the configuration it measures.
struct JudgedFigure {
    var comparison: FigureComparison
    let configuration: BenchConfiguration
}

/// Every baseline figure judged on the current run's raw.csv, and the errors
/// (a figure missing, without a CI, without a tolerance) in baseline order.
func judgeFigures(_ inputs: CompareInputs) -> ([JudgedFigure], [String]) {
    var currentByKey: [BenchConfiguration: ResultRow] = [:]
    for row in inputs.currentRows {
        if let configuration = BenchConfiguration(row: row) { currentByKey[configuration] = row }
    }
    var figures: [JudgedFigure] = []
    var errors: [String] = []
    for row in inputs.baselineRows {
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
                                          tolerance: inputs.tolerances.tolerance(for: key), verdict: .error)
        comparison.baselineRoundTripNs = row.coreRoundTripNs
        if comparison.tolerance == nil {
            errors.append("\(key): no tolerance in \(inputs.tolerances.path) (add a pattern or a default)")
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
            errors.append("\(key): missing from the current run's raw.csv")
        }
        figures.append(JudgedFigure(comparison: comparison, configuration: configuration))
    }
    return (figures, errors)
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
/// a figure gets before its verdict. A round-level CI shrinks as 1/√R: ten more
/// rounds beside a sweep's five or so bring a ±5 % interval to about ±2.5 %,
/// enough to tell a 10 % loss from the band, for ~20 children of one figure.
let compareExtraRoundLimit = 10

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

func loadRows(_ path: String) throws(HarnessError) -> [ResultRow] {
    let text = try readTextFile(path)
    do { return try ResultRow.parseCSV(text, source: path) } catch { throw HarnessError(error.description) }
}
