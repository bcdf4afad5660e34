import Vocabulary

/// The configurations a sweep runs, in order: the union of the suite's grids
/// plus the references every table is relative to.
///
/// References added for every gemm size n in any grid:
/// - `blas` with workers 0, threads 1 — the denominator of every gemm speedup;
/// - `blas` with workers 0, threads P for each worker count P ≥ 2 that a `blas`
///   grid runs at size n — OpenBLAS's own threads against P processes;
/// - `swift` with workers 0, threads 1 — pure Swift in one process (only for
///   n ≤ `swift_reference_max_size` when the suite sets it).
/// For every size of an `[mpi]` grid: the same `blas` workers 0, threads 1
/// reference, the denominator of the MPI rows' speedup too.
/// For every chain preset (of a `[chain]` or `[mpi-chain]` grid): planner
/// `optimal`, workers 0, threads 1 — the denominator of every chain speedup,
/// the MPI chains' included.
///
/// Order: gemm by size, then kernel (blas, swift, naive), workers, threads,
/// transport (shm, message), then the MPI configurations (algorithm, ranks,
/// threads, node split, grid), the reference first; then chains by preset in
/// suite order, the reference first, then workers, threads, transport, planner,
/// then the preset's MPI chains (algorithm, ranks, threads, planner, node split,
/// grid). References run before the rows that need them.
///
/// Planning is O(N log N) in the N configurations (a set for the union, sort
/// keys computed once) and refuses, before any work, a suite of more than
/// `maximumConfigurations` configurations or a gemm size whose n³ overflows Int.
struct SweepPlan {
    let configurations: [BenchConfiguration]
    /// Each MPI configuration's extra `mpirun` words, from the first `[mpi]` or
    /// `[mpi-chain]` grid that lists it (a later grid repeating it adds nothing).
    let mpirunArguments: [BenchConfiguration: [String]]

    /// The most configurations (references included) one suite may plan: at the
    /// 2-core machine's ~0.4 s per child and 3 rounds, over 3 hours of children;
    /// a larger grid is several suites, or a mistake.
    static let maximumConfigurations = 10_000

    /// Why a suite cannot be planned: exit status 2, one line.
    enum Refused: Error, CustomStringConvertible, Equatable {
        /// A gemm size whose n³ (the sweep's order key, and the product's flop count ÷ 2) overflows Int.
        case sizeOverflows(Int)
        case tooManyConfigurations(limit: Int)

        var description: String {
            switch self {
            case .sizeOverflows(let n):
                return "size \(n): n³ overflows a 64-bit integer (a suite's gemm sizes must be at most \(SweepPlan.largestSize))"
            case .tooManyConfigurations(let limit):
                return "the suite plans more than \(limit) configurations, the limit per suite; split its grids into several suites"
            }
        }
    }

    /// The largest n whose n³ fits in Int (2,097,151).
    static let largestSize = 2_097_151

    init(suite: Suite) throws(Refused) {
        var gemm: [BenchConfiguration] = []
        var chain: [BenchConfiguration] = []
        var planned = Set<BenchConfiguration>()
        var refusal: Refused?
        // Stops adding once the limit is passed; the loops below check `refusal`
        // so a grid of millions is not walked to the end.
        func add(_ configuration: BenchConfiguration, to list: inout [BenchConfiguration]) {
            guard refusal == nil, planned.insert(configuration).inserted else { return }
            if planned.count > Self.maximumConfigurations {
                refusal = .tooManyConfigurations(limit: Self.maximumConfigurations)
                return
            }
            list.append(configuration)
        }
        for n in suite.gemmGrids.flatMap(\.sizes) + suite.mpiGrids.flatMap(\.sizes) where Self.cube(n) == nil {
            throw .sizeOverflows(n)
        }

        for grid in suite.gemmGrids where refusal == nil {
            for n in grid.sizes where refusal == nil {
                add(.gemm(n: n, kernel: .blas, workers: 0, threads: 1), to: &gemm)
                if suite.swiftReferenceMaxSize.map({ n <= $0 }) ?? true {
                    add(.gemm(n: n, kernel: .swift, workers: 0, threads: 1), to: &gemm)
                }
                for kernel in grid.kernels {
                    if grid.workersAuto { add(.gemmAuto(n: n, kernel: kernel), to: &gemm) }
                    // Only the blas kernel runs on a library; the others once, as before.
                    for library in kernel == .blas ? grid.libraries : [nil] {
                        if library != nil { add(.gemm(n: n, kernel: .blas, workers: 0, threads: 1, library: library), to: &gemm) }
                        for workers in grid.workers {
                            if kernel == .blas && workers >= 2 && Self.runsThreads(library) {
                                add(.gemm(n: n, kernel: .blas, workers: 0, threads: workers, library: library), to: &gemm)
                            }
                            for threads in grid.threads where threads == 1 || Self.runsThreads(library) {
                                for transport in grid.transports {
                                    add(.gemm(n: n, kernel: kernel, workers: workers, threads: threads,
                                              transport: transport, library: library), to: &gemm)
                                }
                            }
                        }
                    }
                }
            }
        }
        var mpirunArguments: [BenchConfiguration: [String]] = [:]
        func add(_ configuration: BenchConfiguration, launchedBy grid: some MPILaunchGrid, to list: inout [BenchConfiguration]) {
            if mpirunArguments[configuration] == nil { mpirunArguments[configuration] = grid.mpirunArguments }
            add(configuration, to: &list)
        }
        for grid in suite.mpiGrids where refusal == nil {
            for n in grid.sizes where refusal == nil {
                add(.gemm(n: n, kernel: .blas, workers: 0, threads: 1), to: &gemm)
                for launch in grid.launches {
                    for threads in grid.threads {
                        add(.mpiGemm(n: n, launch: launch, threads: threads), launchedBy: grid, to: &gemm)
                    }
                }
            }
        }
        for grid in suite.chainGrids where refusal == nil {
            for preset in grid.presets where refusal == nil {
                let problem = BenchConfiguration.Problem(chainNamed: preset)
                for library in grid.libraries {
                    add(BenchConfiguration(problem: problem, planner: .optimal, workers: 0, threads: 1, library: library),
                        to: &chain)
                    for planner in grid.planners {
                        for workers in grid.workers {
                            for threads in grid.threads where threads == 1 || Self.runsThreads(library) {
                                for transport in grid.transports {
                                    add(BenchConfiguration(problem: problem, planner: planner, workers: workers,
                                                           threads: threads, transport: transport, library: library),
                                        to: &chain)
                                }
                            }
                        }
                    }
                }
            }
        }
        for grid in suite.mpiChainGrids where refusal == nil {
            for preset in grid.presets where refusal == nil {
                let problem = BenchConfiguration.Problem(chainNamed: preset)
                add(BenchConfiguration(problem: problem, planner: .optimal, workers: 0, threads: 1), to: &chain)
                for planner in grid.planners {
                    for launch in grid.launches {
                        for threads in grid.threads {
                            add(.mpiChain(problem, planner: planner, launch: launch, threads: threads),
                                launchedBy: grid, to: &chain)
                        }
                    }
                }
            }
        }
        if let refusal { throw refusal }
        self.mpirunArguments = mpirunArguments

        // Each key is computed once (not twice per comparison) and every lookup is a dictionary's.
        let presetOrder = Dictionary(chain.map(\.problemName).uniqued().enumerated().map { ($1, $0) },
                                     uniquingKeysWith: { first, _ in first })
        func sorted(_ list: [BenchConfiguration], by order: (BenchConfiguration) -> [Int]) -> [BenchConfiguration] {
            list.map { (order($0), $0) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }.map(\.1)
        }
        // Libraries in the order the suite first names them, the linked OpenBLAS first;
        // last in each sort key, so a suite without `blas =` keeps its order.
        let libraryOrder = Dictionary((gemm + chain).compactMap(\.library).uniqued().enumerated().map { ($1, $0 + 1) },
                                      uniquingKeysWith: { first, _ in first })
        func libraryRank(_ c: BenchConfiguration) -> Int { c.library.flatMap { libraryOrder[$0] } ?? 0 }
        let gemmOrder = sorted(gemm) { c in
            guard case .gemm(let m, let k, let n) = c.problem else { return [] }
            return [Self.product(m, k, n) ?? Int.max, m, k, c.isReference ? 0 : 1, c.mpi == nil ? 0 : 1,
                    caseOrder(c.kernel, missing: Kernel.allCases.count), caseOrder(c.mpi?.algorithm, missing: 0),
                    c.auto ? 1 : 0, c.workers, c.threads, caseOrder(c.transport, missing: Transport.allCases.count),
                    caseOrder(c.mpi?.nodeSplit, missing: 0), gridOrder(c.mpi?.grid), libraryRank(c)]
        }
        let chainOrder = sorted(chain) { c in
            [presetOrder[c.problemName] ?? presetOrder.count, c.isReference ? 0 : 1, c.mpi == nil ? 0 : 1,
             caseOrder(c.mpi?.algorithm, missing: 0), c.workers, c.threads,
             caseOrder(c.transport, missing: Transport.allCases.count), caseOrder(c.planner, missing: PlannerKind.allCases.count),
             caseOrder(c.mpi?.nodeSplit, missing: 0), gridOrder(c.mpi?.grid), libraryRank(c)]
        }
        configurations = gemmOrder + chainOrder
    }

    /// False for a known library without threads of its own (the reference BLAS):
    /// its configurations with T > 1 are left out rather than refused by the child.
    static func runsThreads(_ library: String?) -> Bool {
        !(library.flatMap(BLASLibraryName.init(rawValue:))?.isSingleThreaded ?? false)
    }

    /// n³, or nil when it overflows Int.
    static func cube(_ n: Int) -> Int? { product(n, n, n) }

    /// m·k·n, or nil when it overflows Int.
    static func product(_ m: Int, _ k: Int, _ n: Int) -> Int? {
        let (mk, overflow) = m.multipliedReportingOverflow(by: k)
        guard !overflow else { return nil }
        let (mkn, overflowAgain) = mk.multipliedReportingOverflow(by: n)
        return overflowAgain ? nil : mkn
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
