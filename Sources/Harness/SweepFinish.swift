import NumberFormatting
import ResultRows
import SystemBoundary

extension SweepSession {
    /// After the last round: the peak measured again, the tables, env.json
    /// marked complete or not, the report, `latest`, and the closing lines.
    /// Returns 0 every configuration PASSed, 1 a FAIL, a configuration without a
    /// row, or results that could not be written.
    mutating func finish() -> ExitCode {
        do throws(HarnessError) {
            try remeasurePeak()
        } catch {
            reportError(error.description)
            return .error
        }
        let noisyRows = rows.filter { $0.noisy == true }
        let configurations = setup.plan.configurations
        setup.record.addMeasurementSummary(suite: setup.suite, extraRounds: extraRounds, pools: runner.pools,
                                           farRule: context.farRule, loadBefore: loadBefore, loadAfter: loadAverage(),
                                           noisyRows: noisyRows.count)
        let errors = configurations.compactMap { c in runner.errors[c].map { "\(c.label): \($0)" } }
        if errors.isEmpty {
            setup.record.markComplete()
        } else {
            setup.record.markIncomplete("\(errors.count) of \(configurations.count) configurations have no row "
                                        + "(crashed, timed out or printed none), first \(errors[0])")
        }
        let report = RunReport(rows: rows, environment: setup.record, directory: setup.runDirectory)
        do throws(HarnessError) {
            try writeResults(report)
        } catch {
            reportError(error.description)
            return .error
        }
        writeText("\n" + report.summaryText, to: 1)
        writeText(renderNoisyRows(noisyRows, rule: context.noiseRule, extraRounds: extraRounds), to: 1)
        writeText(renderVerificationSummary(rows), to: 1)

        let failures = rows.filter { $0.verdict != .pass }.compactMap { BenchConfiguration(row: $0)?.label }
        let elapsed = formatDuration(monotonicSeconds() - progress.started)
        writeText("sweep: \(rows.count + errors.count) configurations, \(setup.suite.rounds) rounds + \(extraRounds) extra, "
                  + "in \(elapsed): \(failures.count) FAIL, \(errors.count) errors, \(noisyRows.count) noisy; "
                  + "results in \(setup.runDirectory)\n", to: 2)
        for failure in failures { reportError("FAIL: \(failure)") }
        for error in errors { reportError("error: \(error)") }
        return failures.isEmpty && errors.isEmpty ? .success : .error
    }

    /// The peak is an upper bound and noise only lowers a reading: measure it
    /// again now and keep the higher of the two for pct_peak (raw.csv rewritten).
    mutating func remeasurePeak() throws(HarnessError) {
        guard let again = (try? machineInfo(binary: setup.binary, globalArguments: setup.options.globalArguments))?[
            "peak_gflops_per_core"]?.stringValue.flatMap({ Double($0) }) else { return }
        setup.record["peak_gflops_per_core_end"] = .number(formatFixed(again, decimals: 2))
        if again > context.peakGflopsPerCore ?? 0 {
            context.peakGflopsPerCore = again
            setup.record["peak_gflops_per_core"] = .number(formatFixed(again, decimals: 2))
        }
        rows = summarizeRows(setup.plan.configurations, pools: runner.pools, context: context)
        try writeFileAtomically(joinPath(setup.runDirectory, "raw.csv"), ResultRow.csvDocument(rows))
    }

    /// The pivot tables, env.json, the report (summary.txt, report.md,
    /// plots/charts.gp: answer first) and `latest` pointing at the run.
    func writeResults(_ report: RunReport) throws(HarnessError) {
        let directory = setup.runDirectory
        try writeFileAtomically(joinPath(directory, "speedup-gemm.csv"), gemmSpeedupTable(rows).csv.csv)
        try writeFileAtomically(joinPath(directory, "efficiency-gemm.csv"), gemmEfficiencyTable(rows).csv.csv)
        try writeFileAtomically(joinPath(directory, "speedup-chain.csv"), chainSpeedupTable(rows).csv.csv)
        try writeFileAtomically(joinPath(directory, "env.json"), setup.record.text)
        try report.write()
        try replaceSymlink(joinPath(setup.options.outDirectory, "latest"), target: lastPathComponent(directory))
    }
}
