import Vocabulary

/// The configurations a sweep runs, in order: the union of the suite's grids,
/// each of which expands its own configurations and the references every
/// table is relative to (`GemmGrid`, `ChainGrid`, `MPIGrid`), sorted (`SweepOrder`).
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
/// the order the suite first names them (`[chain]` sections before `[mpi-chain]`
/// ones), the reference first, then workers, threads, transport, planner,
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
        for n in suite.gemmGrids.flatMap(\.sizes) + suite.mpiGrids.flatMap(\.gemmSizes) where Self.cube(n) == nil {
            throw .sizeOverflows(n)
        }
        let (union, mpirunArguments) = try Self.union(of: suite)
        self.mpirunArguments = mpirunArguments
        configurations = SweepOrder(union).sorted(union)
    }

    /// Every grid's configurations, each once, in the order the grids list them:
    /// `[gemm]`, `[mpi]`, `[chain]`, then `[mpi-chain]` grids, each kind in file
    /// order (the order that decides `SweepOrder`'s preset and library ranks);
    /// and each MPI configuration's mpirun words, from the first grid that lists it.
    private static func union(of suite: Suite) throws(Refused)
        -> (configurations: [BenchConfiguration], mpirunArguments: [BenchConfiguration: [String]]) {
        var union = ConfigurationList()
        var mpirunArguments: [BenchConfiguration: [String]] = [:]
        func add(_ grid: Suite.MPIGrid) throws(Refused) {
            for configuration in try grid.configurations() {
                if try union.add(configuration), configuration.mpi != nil {
                    mpirunArguments[configuration] = grid.launchKeys.mpirunArguments
                }
            }
        }
        for grid in suite.gemmGrids {
            for configuration in try grid.configurations(swiftReferenceMaxSize: suite.swiftReferenceMaxSize) {
                try union.add(configuration)
            }
        }
        for grid in suite.mpiGrids where grid.problem.op == .gemm { try add(grid) }
        for grid in suite.chainGrids {
            for configuration in try grid.configurations() { try union.add(configuration) }
        }
        for grid in suite.mpiGrids where grid.problem.op == .chain { try add(grid) }
        return (union.configurations, mpirunArguments)
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
