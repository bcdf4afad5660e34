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
struct SweepPlan {
    let configurations: [BenchConfiguration]
    /// Each MPI configuration's extra `mpirun` words, from the first `[mpi]` or
    /// `[mpi-chain]` grid that lists it (a later grid repeating it adds nothing).
    let mpirunArguments: [BenchConfiguration: [String]]

    init(suite: Suite) {
        var gemm: [BenchConfiguration] = []
        var chain: [BenchConfiguration] = []
        func add(_ configuration: BenchConfiguration, to list: inout [BenchConfiguration]) {
            if !list.contains(configuration) { list.append(configuration) }
        }

        for grid in suite.gemmGrids {
            for n in grid.sizes {
                add(.gemm(n: n, kernel: .blas, workers: 0, threads: 1), to: &gemm)
                if suite.swiftReferenceMaxSize.map({ n <= $0 }) ?? true {
                    add(.gemm(n: n, kernel: .swift, workers: 0, threads: 1), to: &gemm)
                }
                for kernel in grid.kernels {
                    if grid.workersAuto { add(.gemmAuto(n: n, kernel: kernel), to: &gemm) }
                    for workers in grid.workers {
                        if kernel == .blas && workers >= 2 {
                            add(.gemm(n: n, kernel: .blas, workers: 0, threads: workers), to: &gemm)
                        }
                        for threads in grid.threads {
                            for transport in grid.transports {
                                add(.gemm(n: n, kernel: kernel, workers: workers, threads: threads,
                                          transport: transport), to: &gemm)
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
        for grid in suite.mpiGrids {
            for n in grid.sizes {
                add(.gemm(n: n, kernel: .blas, workers: 0, threads: 1), to: &gemm)
                for launch in grid.launches {
                    for threads in grid.threads {
                        add(.mpiGemm(n: n, launch: launch, threads: threads), launchedBy: grid, to: &gemm)
                    }
                }
            }
        }
        for grid in suite.chainGrids {
            for preset in grid.presets {
                let problem = BenchConfiguration.Problem(chainNamed: preset)
                add(BenchConfiguration(problem: problem, planner: .optimal, workers: 0, threads: 1), to: &chain)
                for planner in grid.planners {
                    for workers in grid.workers {
                        for threads in grid.threads {
                            for transport in grid.transports {
                                add(BenchConfiguration(problem: problem, planner: planner, workers: workers,
                                                       threads: threads, transport: transport), to: &chain)
                            }
                        }
                    }
                }
            }
        }
        for grid in suite.mpiChainGrids {
            for preset in grid.presets {
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
        self.mpirunArguments = mpirunArguments

        let presetOrder = chain.map(\.problemName).uniqued()
        func rank(_ list: [String], _ value: String?) -> Int { value.flatMap { list.firstIndex(of: $0) } ?? list.count }
        gemm.sort { a, b in
            func order(_ c: BenchConfiguration) -> [Int] {
                guard case .gemm(let m, let k, let n) = c.problem else { return [] }
                return [m * k * n, m, k, c.isReference ? 0 : 1, c.mpi == nil ? 0 : 1,
                        caseOrder(c.kernel, missing: Kernel.allCases.count), caseOrder(c.mpi?.algorithm, missing: 0),
                        c.auto ? 1 : 0, c.workers, c.threads, caseOrder(c.transport, missing: Transport.allCases.count),
                        caseOrder(c.mpi?.nodeSplit, missing: 0), gridOrder(c.mpi?.grid)]
            }
            return order(a).lexicographicallyPrecedes(order(b))
        }
        chain.sort { a, b in
            func order(_ c: BenchConfiguration) -> [Int] {
                [rank(presetOrder, c.problemName), c.isReference ? 0 : 1, c.mpi == nil ? 0 : 1,
                 caseOrder(c.mpi?.algorithm, missing: 0), c.workers, c.threads,
                 caseOrder(c.transport, missing: Transport.allCases.count), caseOrder(c.planner, missing: PlannerKind.allCases.count),
                 caseOrder(c.mpi?.nodeSplit, missing: 0), gridOrder(c.mpi?.grid)]
            }
            return order(a).lexicographicallyPrecedes(order(b))
        }
        configurations = gemm + chain
    }
}

/// Grids in a stable order: none (gemmbench-mpi's choice) first, then by P, then Q.
func gridOrder(_ grid: String?) -> Int {
    guard let grid else { return 0 }
    let parts = grid.split(separator: "x").compactMap { Int($0) }
    return parts.count == 2 ? 1 + parts[0] * 1_000_000 + parts[1] : Int.max
}

extension Array where Element: Hashable {
    /// The elements in order, later duplicates dropped.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
