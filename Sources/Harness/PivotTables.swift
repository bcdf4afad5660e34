import NumberFormatting
import ResultRows
import Vocabulary

/// A small table of strings: what speedup-gemm.csv and speedup-chain.csv hold
/// and what the sweep prints at the end.
struct Table: Equatable {
    var header: [String]
    var rows: [[String]]

    var csv: String { CSV.document(header: header, records: rows) }

    /// Columns aligned, separated by two spaces; numbers right-aligned, the first
    /// column left-aligned; an empty cell shows as "-".
    var aligned: String {
        let shown = ([header] + rows.map { $0.map { $0.isEmpty ? "-" : $0 } })
        var widths = Array(repeating: 0, count: header.count)
        for row in shown { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        return shown.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmed + "\n"
        }.joined()
    }

    /// A GitHub-flavoured Markdown table: the first column left-aligned, the
    /// others right-aligned; an empty cell shows as "–".
    var markdown: String {
        let top = "| " + header.joined(separator: " | ") + " |\n"
        let rule = "|" + header.indices.map { $0 == 0 ? "---|" : "---:|" }.joined() + "\n"
        return top + rule + rows.map { "| " + $0.map { $0.isEmpty ? "–" : $0 }.joined(separator: " | ") + " |\n" }.joined()
    }
}

/// A pivot of rows: one line per problem, one figure column per configuration.
/// `csv` gives every figure three columns (`NAME`, `NAME_lo`, `NAME_hi`: the
/// value and its 95 % CI); `printed` shows each as `value [lo, hi]`.
struct PivotTable: Equatable {
    /// The leading columns (problem and base case) and their cells per line.
    var keyHeader: [String]
    var keyCells: [[String]]
    /// Figure column names, in order, and each line's figures by name.
    var figureNames: [String]
    var figures: [[String: Figure]]
    /// Decimals of the figures.
    var decimals: Int

    struct Figure: Equatable {
        var value: Double
        var low: Double?
        var high: Double?
    }

    var csv: Table {
        Table(header: keyHeader + figureNames.flatMap { [$0, $0 + "_lo", $0 + "_hi"] },
              rows: zip(keyCells, figures).map { keys, line in
                  keys + figureNames.flatMap { name -> [String] in
                      guard let figure = line[name] else { return ["", "", ""] }
                      return [formatFixed(figure.value, decimals: decimals),
                              figure.low.map { formatFixed($0, decimals: decimals) } ?? "",
                              figure.high.map { formatFixed($0, decimals: decimals) } ?? ""]
                  }
              })
    }

    /// Without intervals: efficiency tables print the value alone.
    var printedValuesOnly: Table {
        Table(header: keyHeader + figureNames, rows: zip(keyCells, figures).map { keys, line in
            keys + figureNames.map { line[$0].map { formatFixed($0.value, decimals: decimals) } ?? "" }
        })
    }

    var printed: Table {
        Table(header: keyHeader + figureNames, rows: zip(keyCells, figures).map { keys, line in
            keys + figureNames.map { name in
                guard let figure = line[name] else { return "" }
                var cell = formatFixed(figure.value, decimals: decimals)
                if let low = figure.low, let high = figure.high, low != high {
                    cell += " [\(formatFixed(low, decimals: decimals)), \(formatFixed(high, decimals: decimals))]"
                }
                return cell
            }
        })
    }

    var isEmpty: Bool { keyCells.isEmpty }
}

/// One line per square gemm size n, ascending (non-square rows are left out:
/// suites only produce square ones), for the figure `figure` picks:
///
/// - key columns: `n`; the base case (blas, workers 0, threads 1) as absolute
///   figures (Hoefler & Belli's rule 1): `baseline_s` (median, 6 significant
///   digits), `baseline_ci_lo_s`, `baseline_ci_hi_s`, `baseline_gflops`
///   (2 decimals), `baseline_pct_peak`;
/// - one figure per other configuration measured at any size, named by
///   `BenchConfiguration.columnName` (`blas_w2_t1_shm`, `blas_w0_t2` = OpenBLAS
///   with 2 threads, `swift_w0_t1`, …), 3 decimals, empty when not measured,
///   FAILed, or its reference is missing. Column order: kernel (blas, swift,
///   naive), then multi-process before single-process, then workers, threads,
///   transport; the MPI columns (`summa_r2_t1_auto`, …) last, by algorithm,
///   ranks, threads, node split.
///
/// speedup-gemm.csv holds `speedup` with its CI; efficiency-gemm.csv `efficiency`.
func gemmPivot(_ rows: [ResultRow], figure: (ResultRow) -> PivotTable.Figure?) -> PivotTable {
    var pivot = PivotRows<Int>()
    for row in rows {
        guard let configuration = BenchConfiguration(row: row),
              case .gemm(let m, let k, let n) = configuration.problem, m == k, k == n else { continue }
        pivot.add(row, configuration, line: n, figure: figure)
    }
    let (reference, figures) = (pivot.reference, pivot.figures)
    let columns = pivot.columns.sorted { gemmColumnOrder($0).lexicographicallyPrecedes(gemmColumnOrder($1)) }
    let sizes = figures.keys.sorted()
    return PivotTable(
        keyHeader: ["n"] + baseCaseHeader + ["baseline_gflops", "baseline_pct_peak"],
        keyCells: sizes.map { n in
            [String(n)] + baseCaseCells(reference[n])
                + [reference[n].map { formatFixed($0.gflops, decimals: 2) } ?? "",
                   reference[n]?.percentOfPeak.map { formatFixed($0, decimals: 1) } ?? ""]
        },
        figureNames: columns.map(\.columnName), figures: sizes.map { figures[$0]! }, decimals: 3)
}

/// One line per chain (preset name, or dims when run by dims), in the order
/// first seen: key columns `preset`, `dims` (d0x…xdk), the base case (planner
/// optimal, workers 0, threads 1) `baseline_s`, `baseline_ci_lo_s`,
/// `baseline_ci_hi_s`; then one figure per other planner × workers × threads ×
/// transport (`left_w2_t1_shm`, `optimal_w2_t1_shm`, …, `left_w0_t1`) and per
/// MPI chain (`optimal_summa_r2_t1_auto`), 3 decimals; a planner's time is
/// baseline_s ÷ speedup. Column order: workers, threads, transport, then planner
/// (left, optimal, tree, parallel); the MPI columns last, by algorithm, ranks,
/// threads, planner, node split, grid.
func chainPivot(_ rows: [ResultRow], figure: (ResultRow) -> PivotTable.Figure?) -> PivotTable {
    var order: [String] = []
    var dims: [String: String] = [:]
    var pivot = PivotRows<String>()
    for row in rows {
        guard let configuration = BenchConfiguration(row: row), configuration.isChain else { continue }
        let name = configuration.problemName
        if !order.contains(name) { order.append(name) }
        if dims[name] == nil, let rowDims = row.dims { dims[name] = rowDims.map(String.init).joined(separator: "x") }
        pivot.add(row, configuration, line: name, figure: figure)
    }
    let (reference, figures) = (pivot.reference, pivot.figures)
    let columns = pivot.columns.sorted { chainColumnOrder($0).lexicographicallyPrecedes(chainColumnOrder($1)) }
    return PivotTable(
        keyHeader: ["preset", "dims"] + baseCaseHeader,
        keyCells: order.map { [$0, dims[$0] ?? ""] + baseCaseCells(reference[$0]) },
        figureNames: columns.map(\.columnName), figures: order.map { figures[$0]! }, decimals: 3)
}

/// What the gemm and chain pivots gather from raw.csv rows: per table line (a
/// size n or a chain name) the PASSing reference row and one figure per other
/// configuration's column, and the columns in the order first seen.
private struct PivotRows<Line: Hashable> {
    var reference: [Line: ResultRow] = [:]
    var figures: [Line: [String: PivotTable.Figure]] = [:]
    var columns: [BenchConfiguration] = []

    mutating func add(_ row: ResultRow, _ configuration: BenchConfiguration, line: Line,
                      figure: (ResultRow) -> PivotTable.Figure?) {
        if figures[line] == nil { figures[line] = [:] }
        if configuration.isReference {
            if row.verdict == .pass { reference[line] = row }
            return
        }
        if !columns.contains(where: { $0.columnName == configuration.columnName }) { columns.append(configuration) }
        if let value = figure(row) { figures[line]![configuration.columnName] = value }
    }
}

private let baseCaseHeader = ["baseline_s", "baseline_ci_lo_s", "baseline_ci_hi_s"]

private func baseCaseCells(_ reference: ResultRow?) -> [String] {
    [reference.map { formatSignificant($0.medianSeconds, digits: 6) } ?? "",
     reference?.ciLowSeconds.map { formatSignificant($0, digits: 6) } ?? "",
     reference?.ciHighSeconds.map { formatSignificant($0, digits: 6) } ?? ""]
}

/// A row's speedup with its 95 % CI.
func speedupFigure(_ row: ResultRow) -> PivotTable.Figure? {
    row.speedup.map { PivotTable.Figure(value: $0, low: row.speedupLow, high: row.speedupHigh) }
}

/// A row's efficiency (speedup ÷ processes × threads); its CI is the speedup's scaled alike.
func efficiencyFigure(_ row: ResultRow) -> PivotTable.Figure? {
    guard let efficiency = row.efficiency, let speedup = row.speedup, speedup > 0 else { return nil }
    let scale = efficiency / speedup
    return PivotTable.Figure(value: efficiency, low: row.speedupLow.map { $0 * scale },
                             high: row.speedupHigh.map { $0 * scale })
}

func gemmSpeedupTable(_ rows: [ResultRow]) -> PivotTable { gemmPivot(rows, figure: speedupFigure) }
func gemmEfficiencyTable(_ rows: [ResultRow]) -> PivotTable { gemmPivot(rows, figure: efficiencyFigure) }
func chainSpeedupTable(_ rows: [ResultRow]) -> PivotTable { chainPivot(rows, figure: speedupFigure) }

private func gemmColumnOrder(_ c: BenchConfiguration) -> [Int] {
    let kernel = caseOrder(c.kernel, missing: Kernel.allCases.count)
    // Multi-process first, then one process, then --workers auto, then MPI ranks.
    let group: Int = c.mpi != nil ? 3 : c.auto ? 2 : c.workers == 0 ? 1 : 0
    let transport = caseOrder(c.transport, missing: -1)
    return [group == 3 ? Kernel.allCases.count : kernel, group, caseOrder(c.mpi?.algorithm, missing: 0), c.workers,
            c.threads, transport, caseOrder(c.mpi?.nodeSplit, missing: 0)]
}

private func chainColumnOrder(_ c: BenchConfiguration) -> [Int] {
    let transport = caseOrder(c.transport, missing: -1)
    let planner = caseOrder(c.planner, missing: PlannerKind.allCases.count)
    return [c.mpi == nil ? 0 : 1, caseOrder(c.mpi?.algorithm, missing: 0), c.workers, c.threads, transport, planner,
            caseOrder(c.mpi?.nodeSplit, missing: 0), gridOrder(c.mpi?.grid)]
}

/// `--workers auto` against the best fixed configuration measured at the same
/// size in the same run (issue target: within 3 %; MPI rows are not candidates:
/// auto chooses among gemmbench's own processes): one line per size with an
/// auto row — `n`, `kernel`, `auto_chose` (workers×threads), `auto_speedup`,
/// `best_fixed` (its column name; `blas_w0_t1` is the reference itself),
/// `best_speedup`, and `auto_vs_best` = auto_speedup ÷ best_speedup.
func autoComparisonTable(_ rows: [ResultRow]) -> Table {
    var body: [[String]] = []
    for row in rows where row.auto == true && row.verdict == .pass {
        guard let auto = BenchConfiguration(row: row), case .gemm(let m, let k, let n) = auto.problem,
              let autoSpeedup = row.speedup else { continue }
        let fixed = rows.compactMap { other -> (String, Double)? in
            guard other.auto != true, other.verdict == .pass, let speedup = other.speedup,
                  let configuration = BenchConfiguration(row: other), configuration.mpi == nil,
                  configuration.kernel == auto.kernel,
                  case .gemm(m, k, n) = configuration.problem else { return nil }
            return (configuration.columnName, speedup)
        }
        guard let best = fixed.max(by: { $0.1 < $1.1 }) else { continue }
        body.append([m == k && k == n ? String(n) : "\(m)x\(k)x\(n)", auto.kernel?.rawValue ?? "",
                     "w\(row.workers)_t\(row.threads)" + (row.split.map { "_\($0)" } ?? ""),
                     formatFixed(autoSpeedup, decimals: 3), best.0, formatFixed(best.1, decimals: 3),
                     formatFixed(autoSpeedup / best.1, decimals: 3)])
    }
    return Table(header: ["n", "kernel", "auto_chose", "auto_speedup", "best_fixed", "best_speedup", "auto_vs_best"],
                 rows: body)
}
