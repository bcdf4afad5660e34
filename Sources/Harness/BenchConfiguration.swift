import Vocabulary

/// One thing a sweep measures: a problem, how it is computed (kernel or chain
/// planner), and on how many worker processes and BLAS threads.
///
/// Identity is normalised so that a configuration built from a suite and one
/// read back from raw.csv compare equal: `transport` is nil for single-process
/// runs (workers 0) and "shm" when a multi-process row left it empty; a chain
/// named by a preset is identified by the name alone.
struct BenchConfiguration: Hashable, CustomStringConvertible {
    enum Problem: Hashable {
        case gemm(m: Int, k: Int, n: Int)
        case chainPreset(String)
        case chainDims([Int])
    }

    let problem: Problem
    /// gemm only.
    let kernel: Kernel?
    /// chain only.
    let planner: PlannerKind?
    let workers: Int
    let threads: Int
    let transport: Transport?

    init(problem: Problem, kernel: Kernel? = nil, planner: PlannerKind? = nil,
         workers: Int, threads: Int, transport: Transport? = nil) {
        self.problem = problem
        if case .gemm = problem {
            self.kernel = kernel ?? .blas
            self.planner = nil
        } else {
            self.kernel = nil
            self.planner = planner ?? .optimal
        }
        self.workers = workers
        self.threads = threads
        self.transport = workers == 0 ? nil : (transport ?? .shm)
    }

    static func gemm(n: Int, kernel: Kernel, workers: Int, threads: Int, transport: Transport? = nil) -> Self {
        Self(problem: .gemm(m: n, k: n, n: n), kernel: kernel, workers: workers, threads: threads,
             transport: transport)
    }

    static func chain(preset: String, planner: PlannerKind, workers: Int, threads: Int,
                      transport: Transport? = nil) -> Self {
        Self(problem: .chainPreset(preset), planner: planner, workers: workers, threads: threads,
             transport: transport)
    }

    /// The configuration a row describes, or nil when the row lacks the fields
    /// that identify one (a gemm without m, k, n; a chain without preset or dims).
    init?(row: ResultRow) {
        let problem: Problem
        switch row.op {
        case .gemm:
            guard let m = row.m, let k = row.k, let n = row.n else { return nil }
            problem = .gemm(m: m, k: k, n: n)
        case .chain:
            if let preset = row.preset { problem = .chainPreset(preset) }
            else if let dims = row.dims { problem = .chainDims(dims) }
            else { return nil }
        }
        self.init(problem: problem, kernel: row.kernel, planner: row.planner,
                  workers: row.workers, threads: row.threads, transport: row.transport)
    }

    var isChain: Bool {
        if case .gemm = problem { return false }
        return true
    }

    var op: Op { isChain ? .chain : .gemm }

    /// The kernel (gemm) or planner (chain) name: the third part of `key` and `label`.
    var methodName: String { (isChain ? planner?.rawValue : kernel?.rawValue) ?? "" }

    /// The configuration this one's speedup is relative to: for a gemm the
    /// single-process 1-thread BLAS product of the same size; for a chain the
    /// `optimal` planner in a single process with 1 BLAS thread.
    var reference: BenchConfiguration {
        if isChain {
            return BenchConfiguration(problem: problem, planner: .optimal, workers: 0, threads: 1)
        }
        return BenchConfiguration(problem: problem, kernel: .blas, workers: 0, threads: 1)
    }

    var isReference: Bool { self == reference }

    /// The problem part of `key` and `label`: `n1024`, `512x64x2048`, `square`, `2000x500x3000`.
    var problemName: String {
        switch problem {
        case .gemm(let m, let k, let n): return m == k && k == n ? "n\(n)" : "\(m)x\(k)x\(n)"
        case .chainPreset(let name): return name
        case .chainDims(let dims): return dims.map(String.init).joined(separator: "x")
        }
    }

    /// A stable identifier with no spaces, used to match rows between runs and
    /// as the subject of tolerance patterns: `gemm/n1024/blas/w2/t1/shm`,
    /// `gemm/n1024/blas/w0/t2`, `chain/square/parallel/w2/t1/shm`.
    var key: String {
        var parts = [op.rawValue, problemName, methodName,
                     "w\(workers)", "t\(threads)"]
        if let transport { parts.append(transport.rawValue) }
        return parts.joined(separator: "/")
    }

    var description: String { key }

    /// What the progress line shows: `gemm n=1024 blas w=2 t=1 shm`.
    var label: String {
        let problemText: String
        if case .gemm(let m, let k, let n) = problem {
            problemText = m == k && k == n ? "n=\(n)" : "m=\(m) k=\(k) n=\(n)"
        } else {
            problemText = problemName
        }
        var parts = [op.rawValue, problemText, methodName,
                     "w=\(workers)", "t=\(threads)"]
        if let transport { parts.append(transport.rawValue) }
        return parts.joined(separator: " ")
    }

    /// The pivot-table column holding this configuration's speedup:
    /// `{kernel|planner}_w{P}_t{T}` plus `_{transport}` when P > 0,
    /// e.g. `blas_w2_t1_shm`, `blas_w0_t2` (OpenBLAS with 2 threads), `parallel_w2_t1_shm`.
    var columnName: String {
        var name = "\(methodName)_w\(workers)_t\(threads)"
        if let transport { name += "_\(transport.rawValue)" }
        return name
    }

    /// Arguments for the gemmbench binary (argv[0] excluded) that measure this
    /// configuration once, printing the CSV header and one row with every
    /// timed run in its `samples_s` column.
    func arguments(minReps: Int, minSeconds: Double) -> [String] {
        var arguments: [String]
        switch problem {
        case .gemm(let m, let k, let n):
            arguments = m == k && k == n ? [Op.gemm.rawValue, "--size", "\(n)"]
                                         : [Op.gemm.rawValue, "--m", "\(m)", "--k", "\(k)", "--n", "\(n)"]
            arguments += ["--kernel", (kernel ?? .blas).rawValue]
        case .chainPreset(let name):
            arguments = [Op.chain.rawValue, "--preset", name, "--planner", (planner ?? .optimal).rawValue]
        case .chainDims(let dims):
            arguments = [Op.chain.rawValue, "--dims", dims.map(String.init).joined(separator: ","),
                         "--planner", (planner ?? .optimal).rawValue]
        }
        arguments += ["--workers", "\(workers)", "--threads", "\(threads)"]
        if let transport { arguments += ["--transport", transport.rawValue] }
        arguments += ["--repeat", "\(minReps)", "--min-time", "\(minSeconds)", "--csv", "--samples"]
        return arguments
    }
}
