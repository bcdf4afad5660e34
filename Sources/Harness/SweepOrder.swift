import Vocabulary

/// The order a sweep runs its configurations in (`SweepPlan` states it): gemm
/// before chains, each sorted by a key of integers computed once per configuration.
struct SweepOrder {
    /// Each chain's preset (or dims) by its first appearance in the union.
    private let presetRanks: [String: Int]
    /// Each library by its first appearance in the union, from 1; the linked
    /// OpenBLAS (nil) is 0. Last in each key, so a suite without `blas =` keeps its order.
    private let libraryRanks: [String: Int]

    /// The ranks of `union`'s presets and libraries, by first appearance.
    init(_ union: [BenchConfiguration]) {
        presetRanks = Dictionary(union.filter(\.isChain).map(\.problemName).uniqued().enumerated().map { ($1, $0) },
                                 uniquingKeysWith: { first, _ in first })
        libraryRanks = Dictionary(union.compactMap(\.library).uniqued().enumerated().map { ($1, $0 + 1) },
                                  uniquingKeysWith: { first, _ in first })
    }

    /// `configurations` in sweep order: gemm, then chains.
    func sorted(_ configurations: [BenchConfiguration]) -> [BenchConfiguration] {
        sorted(configurations.filter { !$0.isChain }, by: gemmKey) + sorted(configurations.filter(\.isChain), by: chainKey)
    }

    private func sorted(_ list: [BenchConfiguration], by key: (BenchConfiguration) -> [Int]) -> [BenchConfiguration] {
        list.map { (key($0), $0) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }.map(\.1)
    }

    private func libraryRank(_ c: BenchConfiguration) -> Int { c.library.flatMap { libraryRanks[$0] } ?? 0 }

    /// By m·k·n, m, k; the reference first, then the process rows before the MPI
    /// ones; kernel, MPI algorithm, auto last, workers, threads, transport, node split, grid, library.
    private func gemmKey(_ c: BenchConfiguration) -> [Int] {
        guard case .gemm(let m, let k, let n) = c.problem else { return [] }
        return [SweepPlan.product(m, k, n) ?? Int.max, m, k, c.isReference ? 0 : 1, c.mpi == nil ? 0 : 1,
                caseOrder(c.kernel, missing: Kernel.allCases.count), caseOrder(c.mpi?.algorithm, missing: 0),
                c.auto ? 1 : 0, c.workers, c.threads, caseOrder(c.transport, missing: Transport.allCases.count),
                caseOrder(c.mpi?.nodeSplit, missing: 0), gridOrder(c.mpi?.grid), libraryRank(c)]
    }

    /// By preset in first appearance; the reference first, then the process rows
    /// before the MPI ones; MPI algorithm, workers, threads, transport, planner, node split, grid, library.
    private func chainKey(_ c: BenchConfiguration) -> [Int] {
        [presetRanks[c.problemName] ?? presetRanks.count, c.isReference ? 0 : 1, c.mpi == nil ? 0 : 1,
         caseOrder(c.mpi?.algorithm, missing: 0), c.workers, c.threads,
         caseOrder(c.transport, missing: Transport.allCases.count), caseOrder(c.planner, missing: PlannerKind.allCases.count),
         caseOrder(c.mpi?.nodeSplit, missing: 0), gridOrder(c.mpi?.grid), libraryRank(c)]
    }
}

/// Grids in a stable order: none (gemmbench-mpi's choice) first, then by P, then Q.
func gridOrder(_ grid: String?) -> Int {
    guard let grid else { return 0 }
    guard let parsed = GridShape(parsing: grid) else { return Int.max }
    // Saturating: a grid of a million rows or more sorts last instead of trapping.
    let (rows, overflow) = parsed.rows.multipliedReportingOverflow(by: 1_000_000)
    return overflow || rows > Int.max - 1 - parsed.cols ? Int.max : 1 + rows + parsed.cols
}

extension Array where Element: Hashable {
    /// The elements in order, later duplicates dropped.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
