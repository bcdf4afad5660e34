import NumberFormatting
import SystemBoundary

/// `gemmbench report RUN_A RUN_B`: every figure both runs measured, side by
/// side: its speedup in each, the ratio B ÷ A with an interval from the two CIs
/// ([lo_B ÷ hi_A, hi_B ÷ lo_A], which holds whenever both CIs do), and "faster",
/// "slower" or "same within noise" (the CIs overlap). Then what differs between
/// the machines. It judges nothing for CI: that is `compare`'s job.
struct RunComparison {
    let first: RunReport
    let second: RunReport

    struct Line {
        let problem: String
        let name: String
        let a: ReportFigure
        let b: ReportFigure
        var ratio: Double { b.speedup / a.speedup }
        var interval: (low: Double, high: Double) { (b.low / a.high, b.high / a.low) }
        var verdict: String {
            switch Standing(b, against: a) {
            case .leads: return "faster"
            case .trails: return "slower"
            case .matches: return "same within noise"
            }
        }
    }

    var lines: [Line] {
        let byKey = Dictionary(first.figures.map { ($0.configuration.key, $0) }, uniquingKeysWith: { a, _ in a })
        return second.figures.sorted(by: CompactTables.readingOrder).compactMap { b in
            guard !b.configuration.isReference, let a = byKey[b.configuration.key], a.low > 0 else { return nil }
            return Line(problem: b.configuration.problemWords, name: b.name, a: a, b: b)
        }
    }

    /// The env.json facts that decide the figures, where the two runs differ.
    var machineDifferences: [(what: String, a: String, b: String)] {
        let keys = [("CPU", "cpu_model"), ("CPU class", "cpu_class"), ("topology", "topology"),
                    ("OpenBLAS", "openblas_config"), ("BLAS core", "blas_core"), ("cores", "cores"),
                    ("peak GFLOP/s per core", "peak_gflops_per_core"), ("suite", "suite"), ("commit", "git_commit"),
                    ("date", "date")]
        return keys.compactMap { what, key in
            let a = first.environment[key]?.stringValue ?? "?", b = second.environment[key]?.stringValue ?? "?"
            return a == b ? nil : (what, a, b)
        }
    }

    var table: Table {
        Table(header: ["problem", "configuration", "A", "B", "B ÷ A", "", "verdict"],
              rows: lines.map { line in
                  [line.problem, line.name, formatFixed(line.a.speedup, decimals: 3), formatFixed(line.b.speedup, decimals: 3),
                   formatFixed(line.ratio, decimals: 3),
                   "[\(formatFixed(line.interval.low, decimals: 3)), \(formatFixed(line.interval.high, decimals: 3))]",
                   line.verdict]
              })
    }

    private var counts: String {
        let verdicts = lines.map(\.verdict)
        return "\(lines.count) figures in both runs: \(verdicts.filter { $0 == "faster" }.count) faster, "
            + "\(verdicts.filter { $0 == "slower" }.count) slower, "
            + "\(verdicts.filter { $0 == "same within noise" }.count) the same within noise (B against A)"
    }

    var text: String {
        var text = "A: \(first.directory)\nB: \(second.directory)\n\(counts)\n\n"
        text += machineDifferences.isEmpty ? "The machines and builds match (env.json).\n"
            : "What differs:\n" + machineDifferences.map { "  \($0.what): A \($0.a); B \($0.b)\n" }.joined()
        return text + "\n" + table.aligned
    }

    var markdown: String {
        var text = "# gemmbench: two runs side by side\n\n- **A**: `\(first.directory)`\n- **B**: `\(second.directory)`\n\n\(counts).\n\n"
        text += "## What differs\n\n"
        text += machineDifferences.isEmpty ? "Nothing in env.json that decides the figures.\n"
            : "| | A | B |\n|---|---|---|\n" + machineDifferences.map { "| \($0.what) | \($0.a) | \($0.b) |\n" }.joined()
        text += "\n## Figures (speedup over each run's own reference)\n\n" + table.markdown
        return text
    }
}

/// `gemmbench report RUN [RUN_B] [--markdown]`: one run's report (and its
/// summary.txt, report.md and plots/charts.gp rewritten), or two runs side by
/// side. Returns 0, or 1 with one line naming what is wrong.
public func runReport(directories: [String], markdown: Bool) -> ExitCode {
    do throws(HarnessError) {
        switch directories.count {
        case 1:
            let report = try RunReport.load(directories[0])
            try report.write()
            let written = "report: wrote \(joinPath(directories[0], "summary.txt")), report.md and plots/charts.gp\n"
            writeText(markdown ? try readTextFile(joinPath(directories[0], "report.md")) : report.summaryText, to: 1)
            writeText(written, to: 2)
        case 2:
            let comparison = RunComparison(first: try RunReport.load(directories[0]), second: try RunReport.load(directories[1]))
            writeText(markdown ? comparison.markdown : comparison.text, to: 1)
        default:
            throw HarnessError("report needs one results directory, or two to put side by side")
        }
        return .success
    } catch {
        reportError("report: \(error.description)")
        return .error
    }
}
