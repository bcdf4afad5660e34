import NumberFormatting

/// The answer first: sentences a sweep's figures support, each judged on the
/// 95 % CIs (`Standing`: leads, matches, trails) with the figures behind it.
/// A finding appears only where the run measured both sides of it.
struct Findings {
    let figures: [ReportFigure]
    /// Cores of the machine: "processes against threads" compares P = cores.
    let cores: Int

    var sentences: [String] {
        processesAgainstThreads() + bestPerSize() + transportCost() + chainPlanners() + mpiAlgorithms() + autoChoice()
    }

    // MARK: gemm

    private var gemm: [ReportFigure] { figures.filter { !$0.configuration.isChain && !$0.isMPI } }

    /// Square gemm sizes, ascending.
    private var sizes: [Int] {
        Array(Set(gemm.compactMap { figure -> Int? in
            if case .gemm(let m, let k, let n) = figure.configuration.problem, m == k, k == n { return n }
            return nil
        })).sorted()
    }

    private func figures(size n: Int, in pool: [ReportFigure]) -> [ReportFigure] {
        pool.filter { if case .gemm(n, n, n) = $0.configuration.problem { return true } else { return false } }
    }

    /// P processes × 1 thread against OpenBLAS's own P threads, P = cores, per run of sizes with the same standing.
    func processesAgainstThreads() -> [String] {
        let p = max(cores, 2)
        var judged: [(n: Int, standing: Standing, processes: ReportFigure, threads: ReportFigure)] = []
        for n in sizes {
            let here = figures(size: n, in: gemm).filter { $0.configuration.kernel == .blas && !$0.configuration.auto }
            guard let processes = here.first(where: { $0.configuration.workers == p && $0.configuration.threads == 1
                                                       && $0.configuration.transport != .message }),
                  let threads = here.first(where: { $0.configuration.workers == 0 && $0.configuration.threads == p })
            else { continue }
            judged.append((n, Standing(processes, against: threads), processes, threads))
        }
        return runs(of: judged.map { ($0.n, $0.standing) }).map { run in
            let members = judged.filter { run.sizes.contains($0.n) }
            let detail = members.map { "\($0.processes.withInterval) against \($0.threads.withInterval) at n = \($0.n)" }
            return "Processes against threads, \(sizeRange(run.sizes)): \(p) proc × 1 thr \(run.standing.rawValue) "
                + "OpenBLAS \(p) thr (\(detail.joined(separator: "; ")))."
        }
    }

    /// The fastest configuration at each size, and those whose CI reaches it.
    func bestPerSize() -> [String] {
        sizes.compactMap { n in
            let here = figures(size: n, in: figures.filter { !$0.configuration.isChain })
            guard let best = here.max(by: { $0.speedup < $1.speedup }) else { return nil }
            let tied = here.filter { $0.name != best.name && Standing(best, against: $0) == .matches }
            if best.configuration.isReference {
                return "Best at n = \(n): one process with 1 BLAS thread itself; "
                    + (tied.isEmpty ? "every other configuration trails it." : "\(tied.map(\.name).joined(separator: ", ")) match it.")
            }
            let rest = tied.isEmpty ? "it leads every other configuration"
                : (tied.count == 1 ? "\(tied[0].name) matches it" : "\(tied.map(\.name).joined(separator: ", ")) match it")
            return "Best at n = \(n): \(best.name), \(best.withInterval) × one process; \(rest)."
        }
    }

    /// What shipping blocks through a server process costs against shared memory.
    func transportCost() -> [String] {
        var costs: [(n: Int, workers: Int, cost: Double)] = []
        for message in gemm where message.configuration.transport == .message {
            guard case .gemm(let m, let k, let n) = message.configuration.problem, m == k, k == n,
                  let shared = gemm.first(where: { $0.configuration.problem == message.configuration.problem
                      && $0.configuration.kernel == message.configuration.kernel
                      && $0.configuration.workers == message.configuration.workers
                      && $0.configuration.threads == message.configuration.threads
                      && $0.configuration.transport == .shm }), shared.speedup > 0 else { continue }
            costs.append((n, message.configuration.workers, 1 - message.speedup / shared.speedup))
        }
        guard let least = costs.map(\.cost).min(), let most = costs.map(\.cost).max() else { return [] }
        let detail = costs.sorted { ($0.n, $0.workers) < ($1.n, $1.workers) }
            .map { "\(percent($0.cost)) with \($0.workers) proc at n = \($0.n)" }
        let range = percent(least) == percent(most) ? percent(least) : "\(percent(least))–\(percent(most))"
        return ["The message transport costs \(range) of shared memory's speedup "
                + "(\(detail.joined(separator: ", ")))."]
    }

    // MARK: chains

    /// Per preset: the fastest planner and configuration against the one-process optimal order.
    func chainPlanners() -> [String] {
        let chains = figures.filter { $0.configuration.isChain && !$0.isMPI }
        let presets = orderedUnique(chains.map(\.configuration.problemWords))
        return presets.compactMap { preset in
            let here = chains.filter { $0.configuration.problemWords == preset && !$0.configuration.isReference }
            guard let best = here.max(by: { $0.speedup < $1.speedup }) else { return nil }
            let standing = Standing((best.low, best.high), against: (1, 1))
            return "Chain \(preset): the best planner, \(best.name), \(standing.rawValue) the optimal order in one "
                + "process: \(best.withInterval)×."
        }
    }

    // MARK: MPI

    /// Each MPI algorithm against ScaLAPACK's PDGEMM on as many ranks, and against the worker pool of as many processes.
    func mpiAlgorithms() -> [String] {
        let mpi = figures.filter { $0.isMPI && !$0.configuration.isChain }
        var sentences: [String] = []
        for figure in mpi where figure.configuration.mpi?.algorithm != .pdgemm {
            guard let launch = figure.configuration.mpi else { continue }
            let problem = figure.configuration.problem
            var parts: [String] = []
            // PDGEMM on as many ranks and threads, placed the same way where the run has it.
            let candidates = mpi.filter { $0.configuration.problem == problem && $0.configuration.mpi?.algorithm == .pdgemm
                                          && $0.configuration.mpi?.ranks == launch.ranks && $0.configuration.threads == figure.configuration.threads }
            if let pdgemm = candidates.first(where: { $0.configuration.mpi?.nodeSplit == launch.nodeSplit }) ?? candidates.first {
                parts.append("\(Standing(figure, against: pdgemm).rawValue) \(pdgemm.name) (\(figure.withInterval) against \(pdgemm.withInterval))")
            }
            if let pool = gemm.first(where: { $0.configuration.problem == problem && $0.configuration.kernel == .blas
                                             && $0.configuration.workers == launch.ranks && $0.configuration.threads == figure.configuration.threads
                                             && $0.configuration.transport == .shm && !$0.configuration.auto }) {
                parts.append("\(Standing(figure, against: pool).rawValue) the pool's \(pool.name) (\(pool.withInterval))")
            }
            guard !parts.isEmpty else { continue }
            sentences.append("MPI at \(figure.configuration.problemWords): \(figure.name) \(parts.joined(separator: " and "))."
            )
        }
        return sentences
    }

    // MARK: auto

    /// `--workers auto` against the best fixed configuration of the same size and kernel.
    func autoChoice() -> [String] {
        gemm.filter(\.configuration.auto).compactMap { auto in
            let fixed = gemm.filter { !$0.configuration.auto && $0.configuration.problem == auto.configuration.problem
                                      && $0.configuration.kernel == auto.configuration.kernel && !$0.configuration.isReference }
            guard let best = fixed.max(by: { $0.speedup < $1.speedup }) else { return nil }
            let (workers, threads) = (auto.row.workers, auto.row.threads)
            let chose = workers == 0 ? (threads == 1 ? "one process" : "OpenBLAS \(threads) thr in one process")
                : workers == 1 ? "1 worker × \(threads) thr" : "\(workers) proc × \(threads) thr"
            return "auto at \(auto.configuration.problemWords) chose \(chose) and \(Standing(auto, against: best).rawValue) "
                + "the best fixed configuration, \(best.name) (\(auto.withInterval) against \(best.withInterval))."
        }
    }

    // MARK: helpers

    /// Consecutive sizes with the same standing, as runs.
    private func runs(of judged: [(Int, Standing)]) -> [(sizes: [Int], standing: Standing)] {
        var runs: [(sizes: [Int], standing: Standing)] = []
        for (n, standing) in judged {
            if let last = runs.last, last.standing == standing { runs[runs.count - 1].sizes.append(n) }
            else { runs.append(([n], standing)) }
        }
        return runs
    }

    private func sizeRange(_ sizes: [Int]) -> String {
        sizes.count == 1 ? "n = \(sizes[0])" : "n = \(sizes.first!)–\(sizes.last!)"
    }

    private func percent(_ fraction: Double) -> String { "\(formatFixed(100 * fraction, decimals: 0))%" }
}

/// `values` without repeats, in first-seen order.
func orderedUnique<T: Hashable>(_ values: [T]) -> [T] {
    var seen = Set<T>()
    return values.filter { seen.insert($0).inserted }
}
