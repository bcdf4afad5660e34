import Glibc
import NumberFormatting

/// What `compare` prints: every figure with its verdict, a geometric-mean row
/// per section (the key's first part: gemm, chain, mpi…), and a one-line
/// summary; as aligned text or as Markdown for a pull-request comment.
struct CompareReport {
    let figures: [FigureComparison]
    let errors: Int
    let baselineFile: String

    /// One line per figure: change_pct = (current ÷ baseline − 1) × 100.
    var figureTable: Table {
        Table(header: ["config", "baseline", "current", "ci_lo", "ci_hi", "change_pct", "tolerance", "verdict"],
              rows: figures.map { figure in
                  [figure.key, three(figure.baseline), three(figure.current), three(figure.currentLow),
                   three(figure.currentHigh), signedPercent(figure.changePercent),
                   figure.tolerance.map { formatFixed($0, decimals: 2) } ?? "",
                   figure.verdict.rawValue + (figure.extraRounds > 0 ? " (+\(figure.extraRounds) rounds)" : "")]
              })
    }

    /// One line per section: its figures by verdict and the geometric mean of
    /// current ÷ baseline over those with a current figure, as a change in percent.
    var sectionTable: Table {
        var order: [String] = []
        var members: [String: [FigureComparison]] = [:]
        for figure in figures {
            let section = String(figure.key.split(separator: "/").first ?? "")
            if members[section] == nil { order.append(section) }
            members[section, default: []].append(figure)
        }
        return Table(header: ["section", "figures", "regressed", "improved", "within_noise", "fail_or_error", "geomean_change_pct"],
                     rows: order.map { section in
                         let group = members[section]!
                         return [section, String(group.count), count(group, .regressed), count(group, .improved),
                                 count(group, .holds), String(group.filter { $0.verdict == .failed || $0.verdict == .error }.count),
                                 signedPercent(Self.geometricMeanChange(group))]
                     })
    }

    var summary: String {
        let failed = figures.filter { $0.verdict == .failed }.count
        var line = "compare: \(figures.count) figures against \(baselineFile): \(count(figures, .regressed)) regressed, "
            + "\(count(figures, .improved)) improved, \(count(figures, .holds)) within noise"
        if failed > 0 { line += ", \(failed) FAIL" }
        if errors > 0 { line += ", \(errors) errors" }
        if let change = Self.geometricMeanChange(figures) { line += "; geometric-mean change \(signedPercent(change))%" }
        return line
    }

    var text: String { figureTable.aligned + "\n" + sectionTable.aligned + "\n" + summary + "\n" }

    var markdown: String {
        let verdicts = figureTable.rows.map { row -> [String] in
            var row = row
            if row[7].hasPrefix(FigureComparison.Verdict.regressed.rawValue) || row[7].hasPrefix(FigureComparison.Verdict.failed.rawValue) {
                row[7] = "**\(row[7])**"
            }
            return row
        }
        return "### gemmbench compare\n\n" + summary.dropFirst("compare: ".count) + "\n\n"
            + sectionTable.markdown + "\n<details><summary>Every figure</summary>\n\n"
            + Table(header: figureTable.header, rows: verdicts).markdown + "\n</details>\n"
    }

    /// (exp(mean log(current ÷ baseline)) − 1) × 100 over the figures with a current value; nil for none.
    static func geometricMeanChange(_ figures: [FigureComparison]) -> Double? {
        let logs = figures.compactMap { figure in figure.current.map { log($0 / figure.baseline) } }
        guard !logs.isEmpty else { return nil }
        return (exp(logs.reduce(0, +) / Double(logs.count)) - 1) * 100
    }

    private func count(_ group: [FigureComparison], _ verdict: FigureComparison.Verdict) -> String {
        String(group.filter { $0.verdict == verdict }.count)
    }
    private func three(_ value: Double?) -> String { value.map { formatFixed($0, decimals: 3) } ?? "" }
    private func signedPercent(_ value: Double?) -> String {
        value.map { ($0 >= 0 ? "+" : "") + formatFixed($0, decimals: 1) } ?? ""
    }
}
