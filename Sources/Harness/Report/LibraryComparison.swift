import NumberFormatting
import ResultRows
import Vocabulary

/// BLAS libraries side by side at equal processes × threads: for every problem
/// and every P × T a run measured on more than one library, each library's
/// GFLOP/s with its 95 % CI, in one process with T threads and in P processes
/// with one thread each. The pure-Swift kernel is a library of its own here.
///
/// GFLOP/s, not speedups: each library's speedup is relative to its own single
/// process, so speedups of different libraries share no denominator. GFLOP/s of
/// one run share a machine and shuffled rounds; the CI is the median time's
/// (`ci_lo_s`, `ci_hi_s`) turned into rates. Empty unless the run used two or more
/// libraries, so a run on the linked OpenBLAS alone reports as it always did.
struct LibraryComparison {
    /// One measured configuration as this comparison speaks of it.
    struct Entry {
        /// `openblas`, `blis`, `reference`, `scipy-openblas`, a path's file name, or `swift`.
        let library: String
        /// "2 thr" (one process) or "2 proc" (P processes × 1 thread); "2 proc × 2 thr" otherwise.
        let layout: String
        let gflops: Double
        let low: Double
        let high: Double

        var name: String { "\(library) \(layout)" }
        /// "2t", "2p", "2p×2t".
        var shortLayout: String {
            layout.replacing(" thr", with: "t").replacing(" proc", with: "p").replacing(" × ", with: "×")
        }
        /// "93.0±0.3%".
        var compact: String {
            let half = gflops > 0 ? 50 * (high - low) / gflops : 0
            return "\(formatFixed(gflops, decimals: 1))±\(formatFixed(half, decimals: half < 10 ? 1 : 0))%"
        }
        var withInterval: String {
            "\(formatFixed(gflops, decimals: 1)) [\(formatFixed(low, decimals: 1)), \(formatFixed(high, decimals: 1))]"
        }
    }

    /// One problem at one P × T.
    struct Line {
        let problem: String
        let cores: Int
        let entries: [Entry]
    }

    let libraries: [String]
    let lines: [Line]

    init(rows: [ResultRow]) {
        var order: [String] = []
        var grouped: [String: [Entry]] = [:]
        var libraries: [String] = []
        for row in rows where row.verdict == .pass && row.auto != true {
            guard let configuration = BenchConfiguration(row: row), configuration.mpi == nil,
                  configuration.transport != .message, configuration.kernel != .naive,
                  let low = row.ciHighSeconds.map({ row.gflops * row.medianSeconds / $0 }),
                  let high = row.ciLowSeconds.map({ row.gflops * row.medianSeconds / $0 }) else { continue }
            let library = configuration.kernel == .swift ? "swift"
                : configuration.libraryTag ?? BLASLibraryName.linkedDefault.rawValue
            let (p, t) = (max(configuration.workers, 1), configuration.threads)
            let layout = configuration.workers == 0 ? "\(t) thr" : t == 1 ? "\(p) proc" : "\(p) proc × \(t) thr"
            let key = "\(configuration.problemWords)|\(p * t)"
            if grouped[key] == nil { order.append(key); grouped[key] = [] }
            grouped[key]!.append(Entry(library: library, layout: layout, gflops: row.gflops, low: low, high: high))
            if !libraries.contains(library) { libraries.append(library) }
        }
        self.libraries = libraries
        guard libraries.filter({ $0 != "swift" }).count >= 2 else { lines = []; return }
        lines = order.compactMap { key in
            let entries = grouped[key]!
            guard Set(entries.map(\.library)).count >= 2 else { return nil }
            let parts = key.split(separator: "|")
            return Line(problem: String(parts[0]), cores: Int(parts[1]) ?? 1,
                        entries: entries.sorted { $0.gflops > $1.gflops })
        }
    }

    var isEmpty: Bool { lines.isEmpty }

    /// One line per problem and P × T, one column per library (its best layout
    /// there, "2 proc 95.1 [94.0, 96.2]"), and who leads.
    var table: Table {
        Table(header: ["problem", "P×T"] + libraries + ["leads"], rows: lines.map { line in
            [line.problem, String(line.cores)] + libraries.map { library in
                line.entries.first { $0.library == library }.map { "\($0.layout) \($0.withInterval)" } ?? ""
            } + [leader(line)]
        })
    }

    /// `table` in 100 columns, for the terminal and summary.txt (the sentences above it
    /// say who leads): each cell "2p 93.0±0.3%" — layout (`1t` one process with one
    /// thread, `2t` with two, `2p` two processes), GFLOP/s, the CI's half-width.
    var compactTable: Table {
        Table(header: ["problem", "P×T"] + libraries, rows: lines.map { line in
            [line.problem, String(line.cores)] + libraries.map { library in
                line.entries.first { $0.library == library }.map { "\($0.shortLayout) \($0.compact)" } ?? ""
            }
        })
    }

    /// "blis 2 thr" when its CI lies above every other's; "blis 2 thr ~ 2 more" when
    /// two others' CIs overlap its own (the data cannot tell them apart; the
    /// sentences name them).
    private func leader(_ line: Line) -> String {
        guard let best = line.entries.first else { return "" }
        let tied = line.entries.dropFirst().filter { Standing((best.low, best.high), against: ($0.low, $0.high)) == .matches }
        if tied.isEmpty { return best.name }
        return tied.count == 1 ? "\(best.name) ~ \(tied[0].name)" : "\(best.name) ~ \(tied.count) more"
    }

    /// One sentence per line: who leads, over whom, with the GFLOP/s and CIs.
    var sentences: [String] {
        lines.map { line in
            let best = line.entries[0]
            let others = line.entries.dropFirst()
            let tied = others.filter { Standing((best.low, best.high), against: ($0.low, $0.high)) == .matches }
            let head = "\(line.problem), P × T = \(line.cores): \(best.name) "
                + (tied.isEmpty ? "leads" : "is fastest, matched within CIs by \(tied.map(\.name).joined(separator: ", "))")
            let rest = line.entries.map { "\($0.name) \($0.withInterval)" }.joined(separator: "; ")
            return "\(head) (GFLOP/s: \(rest))."
        }
    }
}
