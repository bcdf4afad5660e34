import NumberFormatting
import Vocabulary

/// `gemmbench baseline RESULTS_DIR [--into DIR]`: records a sweep as the
/// regression baseline of its machine class (package-benchmark's per-machine
/// baselines), so a user checks their own machine with one command.
///
/// Writes `DIR/<cpu_class>/` (DIR defaults to the repository's
/// Benchmarks/baseline, found like the suites): raw.csv (the run's rows),
/// env.json (where and how they were measured) and tolerances.txt derived
/// from the run's own CIs (`derivedTolerances`). Refuses a run with a FAILed
/// product, a figure without a speedup CI, an env.json without cpu_class, an
/// incomplete run (`RunCompleteness`) and a raw.csv the reader refuses (NaN,
/// infinity, duplicate configurations, formula-looking cells).
/// Returns 0, or 1 with one line naming what is wrong.
public func recordBaseline(results: String, into: String?, binary: String) -> Int32 {
    do throws(HarnessError) {
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
                throw HarnessError("\(key) FAILed verification in \(rawPath): a baseline is only recorded from a run where every product PASSed")
            }
            guard row.speedup != nil, row.speedupLow != nil, row.speedupHigh != nil else {
                throw HarnessError("\(key) has no speedup with a CI in \(rawPath): record a sweep's results directory")
            }
        }
        let root: String
        if let into { root = into } else { root = try defaultBaselineRoot(binary: binary) }
        let directory = joinPath(root, cpuClass)
        try makeDirectories(directory)
        let tolerances = derivedTolerances(rows, source: results, cpuClass: cpuClass)
        try writeFileAtomically(joinPath(directory, "raw.csv"), ResultRow.csvDocument(rows))
        try writeFileAtomically(joinPath(directory, BaselineSelection.tolerancesFile), tolerances.text)
        try writeFileAtomically(joinPath(directory, "env.json"), try readTextFile(environmentPath))
        writeText("baseline: \(rows.count) rows of \(results) recorded for cpu_class \(cpuClass) in \(directory) "
                  + "(default tolerance \(formatFixed(baselineDefaultTolerance, decimals: 2)), "
                  + "\(tolerances.widened) figures widened to their own CI)\n", to: 2)
        return 0
    } catch {
        reportError("baseline: \(error.description)")
        return 1
    }
}

/// The tolerance of a figure whose CI is tight: a change of more than 5 % with
/// the whole CI beyond it is reported. Runs of the quick suite on the 2-core
/// machines have speedup CIs of ±1–3 % at n ≥ 1024 (Benchmarks/README.md,
/// "Methodology"), so 5 % leaves room for the baseline's own error yet still
/// catches a 10 % loss.
let baselineDefaultTolerance = 0.05
/// No figure is judged more loosely than this, however noisy its baseline.
let baselineMaximumTolerance = 0.5

/// tolerances.txt for `rows`: `default = 0.05`, then one line per figure whose
/// own speedup CI half-width h (relative to the speedup) exceeds it, at
/// min(0.5, ⌈100·(h + 0.01)⌉ / 100): a figure cannot be judged more tightly
/// than the baseline measured it.
func derivedTolerances(_ rows: [ResultRow], source: String, cpuClass: String) -> (text: String, widened: Int) {
    var text = """
    # Tolerances for the figures in raw.csv beside this file, written by
    #   gemmbench baseline \(source)
    # for cpu_class \(cpuClass). A figure (a configuration's speedup over its in-run
    # reference) regresses only when the current run's whole 95% CI lies below
    # baseline × (1 − tolerance) (Benchmarks/README.md, "Regression check").
    # The default is \(formatFixed(baselineDefaultTolerance, decimals: 2)); a figure whose own CI was wider gets its half-width + 0.01.

    default = \(formatFixed(baselineDefaultTolerance, decimals: 2))

    """
    var widened = 0
    for row in rows {
        guard let configuration = BenchConfiguration(row: row), !configuration.isReference,
              let speedup = row.speedup, speedup > 0, let low = row.speedupLow, let high = row.speedupHigh else { continue }
        let halfWidth = (high - low) / 2 / speedup
        guard halfWidth > baselineDefaultTolerance else { continue }
        let tolerance = min(baselineMaximumTolerance, ((halfWidth + 0.01) * 100).rounded(.up) / 100)
        text += "\(configuration.key) = \(formatFixed(tolerance, decimals: 2))    # CI ±\(formatFixed(100 * halfWidth, decimals: 1))%\n"
        widened += 1
    }
    return (text, widened)
}

/// Benchmarks/baseline of the repository the current directory or the binary is in.
func defaultBaselineRoot(binary: String) throws(HarnessError) -> String {
    for directory in searchDirectories(binary: binary) where isDirectory(joinPath(directory, "Benchmarks/suites")) {
        return joinPath(directory, "Benchmarks/baseline")
    }
    throw HarnessError("found no Benchmarks/ folder in the current directory, the binary's directory or their parents: give --into DIR")
}
