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
}

/// speedup-gemm.csv: one row per square size n, ascending.
///
/// Columns: `n`; `baseline_s` and `baseline_gflops` — median seconds (6 significant
/// digits) and GFLOP/s (2 decimals) of the reference (blas, workers 0, threads 1); then one column per other
/// configuration measured at any size, named by `BenchConfiguration.columnName`
/// (`blas_w2_t1_shm`, `blas_w0_t2` = OpenBLAS with 2 threads, `swift_w0_t1`, …),
/// holding its `speedup` to 3 decimals (empty when not measured, FAILed, or its
/// reference is missing). Column order: kernel (blas, swift, naive), then
/// multi-process before single-process, then workers, threads, transport.
/// Non-square gemm rows are left out (suites only produce square ones).
func gemmSpeedupTable(_ rows: [ResultRow]) -> Table {
    var reference: [Int: ResultRow] = [:]
    var speedups: [Int: [String: Double]] = [:]
    var columns: [BenchConfiguration] = []
    for row in rows {
        guard let configuration = BenchConfiguration(row: row),
              case .gemm(let m, let k, let n) = configuration.problem, m == k, k == n else { continue }
        if speedups[n] == nil { speedups[n] = [:] }
        if configuration.isReference {
            if row.verdict == "PASS" { reference[n] = row }
            continue
        }
        if !columns.contains(where: { $0.columnName == configuration.columnName }) { columns.append(configuration) }
        if let speedup = row.speedup { speedups[n]![configuration.columnName] = speedup }
    }
    columns.sort { gemmColumnOrder($0).lexicographicallyPrecedes(gemmColumnOrder($1)) }
    let names = columns.map(\.columnName)
    let body: [[String]] = speedups.keys.sorted().map { (n: Int) -> [String] in
        let seconds: String = reference[n].map { formatSignificant($0.medianSeconds, digits: 6) } ?? ""
        let gflops: String = reference[n].map { formatFixed($0.gflops, decimals: 2) } ?? ""
        let cells: [String] = names.map { (name: String) -> String in
            speedups[n]![name].map { formatFixed($0, decimals: 3) } ?? ""
        }
        return [String(n), seconds, gflops] + cells
    }
    return Table(header: ["n", "baseline_s", "baseline_gflops"] + names, rows: body)
}

/// speedup-chain.csv: one row per chain (preset name, or dims when run by
/// dims), in the order first seen.
///
/// Columns: `preset`; `dims` (d0x…xdk); `baseline_s` — median seconds (6 significant digits) of the
/// reference (planner optimal, workers 0, threads 1); then one column per other
/// planner × workers × threads × transport (`left_w2_t1_shm`, `optimal_w2_t1_shm`,
/// …, `left_w0_t1`), holding its `speedup` to 3 decimals; a planner's time is
/// baseline_s ÷ speedup. Column order: workers, threads, transport, then planner
/// (left, optimal, tree, parallel).
func chainSpeedupTable(_ rows: [ResultRow]) -> Table {
    var order: [String] = []
    var dims: [String: String] = [:]
    var reference: [String: ResultRow] = [:]
    var speedups: [String: [String: Double]] = [:]
    var columns: [BenchConfiguration] = []
    for row in rows {
        guard let configuration = BenchConfiguration(row: row), configuration.isChain else { continue }
        let name = configuration.problemName
        if !order.contains(name) { order.append(name); speedups[name] = [:] }
        if dims[name] == nil, let rowDims = row.dims { dims[name] = rowDims.map(String.init).joined(separator: "x") }
        if configuration.isReference {
            if row.verdict == "PASS" { reference[name] = row }
            continue
        }
        if !columns.contains(where: { $0.columnName == configuration.columnName }) { columns.append(configuration) }
        if let speedup = row.speedup { speedups[name]![configuration.columnName] = speedup }
    }
    columns.sort { chainColumnOrder($0).lexicographicallyPrecedes(chainColumnOrder($1)) }
    let names = columns.map(\.columnName)
    let body: [[String]] = order.map { (preset: String) -> [String] in
        let seconds: String = reference[preset].map { formatSignificant($0.medianSeconds, digits: 6) } ?? ""
        let cells: [String] = names.map { (name: String) -> String in
            speedups[preset]![name].map { formatFixed($0, decimals: 3) } ?? ""
        }
        return [preset, dims[preset] ?? "", seconds] + cells
    }
    return Table(header: ["preset", "dims", "baseline_s"] + names, rows: body)
}

private func gemmColumnOrder(_ c: BenchConfiguration) -> [Int] {
    let kernel: Int = Suite.kernels.firstIndex(of: c.kernel ?? "") ?? 9
    let singleProcess: Int = c.workers == 0 ? 1 : 0
    let transport: Int = Suite.transports.firstIndex(of: c.transport ?? "") ?? -1
    return [kernel, singleProcess, c.workers, c.threads, transport]
}

private func chainColumnOrder(_ c: BenchConfiguration) -> [Int] {
    let transport: Int = Suite.transports.firstIndex(of: c.transport ?? "") ?? -1
    let planner: Int = Suite.planners.firstIndex(of: c.planner ?? "") ?? 9
    return [c.workers, c.threads, transport, planner]
}
