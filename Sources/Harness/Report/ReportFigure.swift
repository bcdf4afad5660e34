import NumberFormatting
import ResultRows
import Vocabulary

/// One PASSed row of a run as the report speaks of it: what was measured, in
/// words a reader knows ("2 proc × 1 thr", "OpenBLAS 2 thr", "SUMMA 2 ranks"), and
/// its speedup over the run's own reference with the 95 % CI.
struct ReportFigure {
    let configuration: BenchConfiguration
    let row: ResultRow
    let speedup: Double
    let low: Double
    let high: Double

    /// Rows that PASSed and have a speedup with a CI; references included (1 [1, 1]).
    static func figures(in rows: [ResultRow]) -> [ReportFigure] {
        rows.compactMap { row in
            guard row.verdict == .pass, let configuration = BenchConfiguration(row: row),
                  let speedup = row.speedup, let low = row.speedupLow, let high = row.speedupHigh else { return nil }
            return ReportFigure(configuration: configuration, row: row, speedup: speedup, low: low, high: high)
        }
    }

    var name: String { configuration.readableName }
    var processes: Int { max(configuration.workers, 1) }
    var isMPI: Bool { configuration.mpi != nil }

    /// "1.938 [1.904, 1.953]".
    var withInterval: String {
        "\(formatFixed(speedup, decimals: 3)) [\(formatFixed(low, decimals: 3)), \(formatFixed(high, decimals: 3))]"
    }

    /// "1.94±1.3%": the speedup and its CI's half-width relative to it, for tables.
    var compact: String {
        let half = speedup > 0 ? 50 * (high - low) / speedup : 0
        return "\(formatFixed(speedup, decimals: 2))±\(formatFixed(half, decimals: half < 10 ? 1 : 0))%"
    }
}

extension BenchConfiguration {
    /// The configuration in words, for tables, findings and chart legends (never a key):
    /// "one process" (1 BLAS thread), "OpenBLAS 2 thr" (one process), "2 proc × 1 thr"
    /// (worker processes × BLAS threads each), "1 worker × 2 thr", "2 proc × 1 thr, message",
    /// "Swift kernel 1 thr", "auto", "SUMMA 2 ranks", "parallel, 2 proc × 1 thr"; on
    /// another library than the linked OpenBLAS, "blis 2 thr", "2 proc × 1 thr blis".
    var readableName: String {
        if auto { return "auto" + (kernel.map { $0 == .blas ? "" : " (\($0.rawValue))" } ?? "") }
        if let mpi {
            let algorithm: String
            switch mpi.algorithm {
            case .summa: algorithm = "SUMMA"
            case .pdgemm: algorithm = "PDGEMM"
            case .tiles: algorithm = "tiles"
            }
            var name = "\(algorithm) \(mpi.ranks) ranks"
            if threads > 1 { name += " × \(threads) thr" }
            if mpi.nodeSplit == .rank { name += ", TCP" }
            if let grid = mpi.grid { name += " \(grid)" }
            return isChain ? "\(planner?.rawValue ?? ""), \(name)" : name
        }
        var name: String
        if workers == 0 {
            switch kernel {
            case .swift?: name = "Swift kernel \(threads) thr"
            case .naive?: name = "naive loops"
            default:
                if let libraryTag { name = "\(libraryTag) \(threads) thr" }
                else { name = threads == 1 ? "one process" : "OpenBLAS \(threads) thr" }
            }
        } else {
            name = workers == 1 ? "1 worker × \(threads) thr" : "\(workers) proc × \(threads) thr"
            if kernel == .swift { name += " Swift" } else if kernel == .naive { name += " naive" }
            if let libraryTag { name += " \(libraryTag)" }
            if transport == .message { name += ", message" }
        }
        return isChain ? "\(planner?.rawValue ?? ""), \(name)" : name
    }

    /// The problem in words: "n = 1024", "512×64×2048", "square".
    var problemWords: String {
        switch problem {
        case .gemm(let m, let k, let n): return m == k && k == n ? "n = \(n)" : "\(m)×\(k)×\(n)"
        case .chainPreset(let name): return name
        case .chainDims(let dims): return dims.map(String.init).joined(separator: "×")
        }
    }
}
