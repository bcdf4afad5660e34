import Vocabulary

/// The run's figures as short tables, one per section, each line at most
/// `width` columns: a line per configuration (named in words), a column per
/// problem, each cell the speedup and its 95 % CI half-width ("1.94±1.3%").
/// Wider sections are cut into several tables of fewer problems. The full pivot
/// stays in the CSV files.
struct CompactTables {
    let figures: [ReportFigure]
    var width = 100

    struct Section {
        let title: String
        let tables: [Table]
    }

    var sections: [Section] {
        let gemm = figures.filter { !$0.configuration.isChain && !$0.isMPI }
        let mpi = figures.filter { !$0.configuration.isChain && $0.isMPI }
        let chains = figures.filter(\.configuration.isChain)
        return [
            section("gemm: speedup over one process with 1 BLAS thread (± its 95% CI half-width)", gemm),
            section("gemm on MPI ranks: speedup over one process with 1 BLAS thread", mpi),
            section("chains: speedup over the optimal order in one process with 1 BLAS thread", chains),
        ].compactMap { $0 }
    }

    /// Every section as text: its title, then its tables.
    var text: String {
        sections.map { section in
            section.title + "\n" + section.tables.map(\.aligned).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    private func section(_ title: String, _ figures: [ReportFigure]) -> Section? {
        guard !figures.isEmpty else { return nil }
        let problems = orderedProblems(figures)
        let names = orderedUnique(figures.sorted(by: Self.readingOrder).map(\.name))
        let cells = Dictionary(figures.map { ("\($0.name)|\($0.configuration.problemWords)", $0.compact) },
                               uniquingKeysWith: { first, _ in first })
        // Cut the problem columns so every line fits `width`.
        let nameWidth = max(names.map(\.count).max() ?? 0, 13)
        let cellWidth = max(problems.map { header($0).count }.max() ?? 0, cells.values.map(\.count).max() ?? 0)
        let perTable = max(1, (width - nameWidth) / (cellWidth + 2))
        let tables = stride(from: 0, to: problems.count, by: perTable).map { start in
            let chunk = Array(problems[start..<min(start + perTable, problems.count)])
            return Table(header: ["configuration"] + chunk.map(header),
                         rows: names.map { name in [name] + chunk.map { cells["\(name)|\($0)"] ?? "" } })
        }
        return Section(title: title, tables: tables)
    }

    /// Problems in size order (gemm) or first-seen order (chain presets).
    private func orderedProblems(_ figures: [ReportFigure]) -> [String] {
        let sorted = figures.sorted { a, b in
            if case .gemm(let m1, let k1, let n1) = a.configuration.problem, case .gemm(let m2, let k2, let n2) = b.configuration.problem {
                return (m1 * k1 * n1, m1) < (m2 * k2 * n2, m2)
            }
            return false
        }
        return orderedUnique(sorted.map(\.configuration.problemWords))
    }

    private func header(_ problem: String) -> String {
        problem.hasPrefix("n = ") ? "n=" + problem.dropFirst(4) : problem
    }

    /// The reference first, then OpenBLAS's threads, worker processes (shared memory
    /// before messages), the other kernels, auto; chains by planner; MPI by algorithm and ranks.
    static func readingOrder(_ a: ReportFigure, _ b: ReportFigure) -> Bool {
        func rank(_ f: ReportFigure) -> [Int] {
            let c = f.configuration
            let kernelOrder = [Kernel.blas, .swift, .naive].firstIndex(of: c.kernel ?? .blas) ?? 0
            let plannerOrder = c.planner.map { PlannerKind.allCases.firstIndex(of: $0) ?? 0 } ?? 0
            let algorithmOrder = c.mpi.map { MPIAlgorithm.allCases.firstIndex(of: $0.algorithm) ?? 0 } ?? -1
            return [c.isReference ? 0 : 1, algorithmOrder, c.auto ? 1 : 0, kernelOrder, plannerOrder,
                    c.transport == .message ? 1 : 0, c.workers, c.threads]
        }
        return rank(a).lexicographicallyPrecedes(rank(b))
    }
}
