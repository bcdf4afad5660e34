import NumberFormatting
import ResultRows

/// One run's report, answer first: findings, then compact tables (the terminal's
/// and summary.txt's text), and report.md with the machine, the charts, the noisy
/// rows and the command that reproduces the run.
struct RunReport {
    let rows: [ResultRow]
    let environment: FlatJSONObject
    /// The results directory, as report.md's reproduction line names it.
    let directory: String

    var figures: [ReportFigure] { ReportFigure.figures(in: rows) }
    var cores: Int { environment["cores"]?.stringValue.flatMap(Int.init) ?? 2 }
    /// Findings compare configurations by their speedups, which are per library:
    /// they speak of the linked OpenBLAS's figures; other libraries are `libraries`'.
    var findings: [String] { Findings(figures: figures.filter { $0.configuration.library == nil }, cores: cores).sentences }
    var libraries: LibraryComparison { LibraryComparison(rows: rows) }
    var tables: CompactTables { CompactTables(figures: figures) }

    /// The text a sweep prints at its end and writes to summary.txt.
    var summaryText: String {
        var text = "findings (95% CIs; leads / trails: the CIs do not overlap; matches: they do)\n"
        text += findings.isEmpty ? "  (none: the run measured no pair of figures a finding compares)\n"
            : findings.map { wrapped("- " + $0, width: 100, indent: "  ") }.joined()
        text += "\n" + tables.text
        let libraries = self.libraries
        guard !libraries.isEmpty else { return text }
        text += "\nlibraries at equal processes × threads (GFLOP/s, 95% CIs; ~: the CIs overlap)\n"
        text += libraries.sentences.map { wrapped("- " + $0, width: 100, indent: "  ") }.joined()
        return text + "\n" + libraries.compactTable.aligned
    }

    /// The machine in one paragraph.
    var machine: String {
        func value(_ key: String) -> String { environment[key]?.stringValue ?? "?" }
        let peak = environment["peak_gflops_per_core"]?.stringValue.flatMap(Double.init)
        let peakText = peak.map { "; measured FMA peak \(formatFixed($0, decimals: 1)) GFLOP/s per core, "
            + "\(formatFixed($0 * Double(cores), decimals: 1)) for all \(cores)" } ?? ""
        return "\(value("cpu_model")) (`\(value("cpu_class"))`), \(value("topology")); "
            + "\(value("openblas_config")), core `\(value("blas_core"))`\(peakText)"
            + (environment["blas_libraries"].flatMap(\.stringValue).map { "; BLAS libraries: \($0)" } ?? "") + ". "
            + "Run \(value("run_id")) of suite `\(value("suite"))` at commit `\(value("git_commit"))`, "
            + "\(value("rounds")) shuffled rounds."
    }

    /// The charts `make plot` draws into plots/ (each as PNG, with an SVG beside it).
    static let charts: [(file: String, caption: String)] = [
        ("speedup", "Speedup against processes × threads, 95% CI bars, ideal line"),
        ("gflops", "GFLOP/s and the measured peak, largest size"),
        ("efficiency", "Efficiency (speedup ÷ processes × threads)"),
        ("chain-time", "Chain time per planner"),
        ("mpi", "MPI algorithms against the worker pool"),
    ]

    /// report.md: renders on a code-hosting site and in an editor's preview.
    func markdown(chartsPresent: Set<String>) -> String {
        var text = "# gemmbench run \(environment["run_id"]?.stringValue ?? "")\n\n## Machine\n\n\(machine)\n\n## Findings\n\n"
        text += findings.isEmpty ? "None: the run measured no pair of figures a finding compares.\n"
            : findings.map { "- \($0)\n" }.joined()
        text += "\n## Speedups\n\nEach cell: speedup over the section's reference ± the half-width of its 95% CI.\n"
        for section in tables.sections {
            text += "\n### \(section.title)\n"
            for table in section.tables { text += "\n" + table.markdown }
        }
        let libraries = self.libraries
        if !libraries.isEmpty {
            text += "\n## Libraries at equal processes × threads\n\n"
                + "GFLOP/s with the 95% CI of each library's median time, measured side by side in shuffled rounds; "
                + "each cell the library's best layout at that P × T; ~ in `leads`: the CIs overlap.\n\n"
            text += libraries.sentences.map { "- \($0)\n" }.joined() + "\n" + libraries.table.markdown
        }
        let drawn = Self.charts.filter { chartsPresent.contains($0.file) }
        text += "\n## Charts\n\n"
        text += drawn.isEmpty ? "Not drawn yet: `make plot` (gnuplot) draws them into `plots/`.\n"
            : drawn.map { "![\($0.caption)](plots/\($0.file).png)\n\n[SVG](plots/\($0.file).svg)\n\n" }.joined()
        let noisy = rows.filter { $0.noisy == true }.compactMap(BenchConfiguration.init(row:))
        text += "\n## Noisy rows\n\n"
        text += noisy.isEmpty ? "None.\n" : noisy.map { "- \($0.problemWords): \($0.readableName)\n" }.joined()
        let suite = environment["suite"]?.stringValue ?? "default"
        text += "\n## Reproduce\n\n```sh\ngit checkout \(environment["git_commit"]?.stringValue ?? "HEAD")\n"
            + (suite == "libraries" ? "make bench-libraries    # installs the libraries first" : "make bench SUITE=\(suite)")
            + "    # or: gemmbench sweep --suite \(suite) --seed \(environment["order_seed"]?.stringValue ?? "0")\n```\n"
            + "\nEvery figure: `raw.csv`; every timed run: `samples.csv`; the machine: `env.json` (Benchmarks/README.md, \"Output\").\n"
        return text
    }

    /// Reads `directory`'s raw.csv and env.json.
    static func load(_ directory: String) throws(HarnessError) -> RunReport {
        guard isDirectory(directory) else { throw HarnessError("results directory \(directory) does not exist") }
        let environmentPath = joinPath(directory, "env.json")
        let environment = try FlatJSONObject.parse(try readTextFile(environmentPath), source: environmentPath)
        return RunReport(rows: try loadRows(joinPath(directory, "raw.csv")), environment: environment, directory: directory)
    }

    /// Writes summary.txt, report.md and plots/charts.gp into the run's directory.
    func write() throws(HarnessError) {
        try writeFileAtomically(joinPath(directory, "summary.txt"), summaryText)
        try makeDirectories(joinPath(directory, "plots"))
        try writeFileAtomically(joinPath(directory, "plots/charts.gp"), ChartScript(report: self).text)
        let present = Set(Self.charts.map(\.file).filter { isRegularFile(joinPath(directory, "plots/\($0).png")) })
        try writeFileAtomically(joinPath(directory, "report.md"), markdown(chartsPresent: present))
    }
}

/// `text` broken at spaces into lines of at most `width` columns, later lines indented.
func wrapped(_ text: String, width: Int, indent: String) -> String {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
        let candidate = line.isEmpty ? String(word) : line + " " + word
        if candidate.count > width && !line.isEmpty {
            lines.append(line)
            line = indent + word
        } else {
            line = candidate
        }
    }
    lines.append(line)
    return lines.joined(separator: "\n") + "\n"
}
