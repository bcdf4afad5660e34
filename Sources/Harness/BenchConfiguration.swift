import ResultRows
import Vocabulary

/// One thing a sweep measures: a problem, how it is computed (kernel or chain
/// planner), and on how many worker processes and BLAS threads — or, for a
/// suite's `[mpi]` and `[mpi-chain]` grids, on how many MPI ranks of gemmbench-mpi (`mpi`).
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

        /// The fewest dims a chain has: d0, d1, d2 (two factors).
        static let minimumChainDims = 3

        /// A suite's chain item (`presets = …`): dims spelled as their key spells
        /// them, `d0xd1x…xdk`, or else a preset name.
        init(chainNamed name: String) {
            if let dims = Self.chainDims(spelled: name) { self = .chainDims(dims) } else { self = .chainPreset(name) }
        }

        /// `48x64x40` → [48, 64, 40]: at least `minimumChainDims` whole numbers ≥ 1
        /// joined by `x`; nil for anything else.
        static func chainDims(spelled text: String) -> [Int]? {
            let parts = text.split(separator: "x", omittingEmptySubsequences: false)
            guard parts.count >= minimumChainDims else { return nil }
            var dims: [Int] = []
            for part in parts {
                guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part), value >= 1
                else { return nil }
                dims.append(value)
            }
            return dims
        }

        /// True when `text` looks meant as dims (digits and `x` only, at least one `x`),
        /// so a suite can refuse malformed dims instead of passing them on as a preset name.
        static func looksLikeChainDims(_ text: String) -> Bool {
            text.contains("x") && text.allSatisfy { $0 == "x" || ($0.isASCII && $0.isNumber) }
        }
    }

    let problem: Problem
    /// gemm only.
    let kernel: Kernel?
    /// chain only.
    let planner: PlannerKind?
    /// 0 and 0 for an `auto` configuration, whose row records what was chosen.
    let workers: Int
    let threads: Int
    let transport: Transport?
    /// gemm `--workers auto`: the binary chooses processes × threads and the grid.
    let auto: Bool
    /// A gemm or chain on MPI ranks (`workers` = ranks, BLAS, no transport); nil otherwise.
    let mpi: MPILaunch?
    /// The BLAS library a `blas` gemm or a chain runs on (`--blas`: a `BLASLibraryName`
    /// or a path); nil for the linked OpenBLAS, so its keys stay what they were
    /// before libraries could be chosen, and for the Swift and naive kernels.
    let library: String?

    init(problem: Problem, kernel: Kernel? = nil, planner: PlannerKind? = nil,
         workers: Int, threads: Int, transport: Transport? = nil, auto: Bool = false, library: String? = nil) {
        self.init(problem: problem, kernel: kernel, planner: planner, workers: workers, threads: threads,
                  transport: transport, auto: auto, mpi: nil, library: library)
    }

    private init(problem: Problem, kernel: Kernel?, planner: PlannerKind?,
                 workers: Int, threads: Int, transport: Transport?, auto: Bool, mpi: MPILaunch?,
                 library: String? = nil) {
        self.mpi = mpi
        self.problem = problem
        if case .gemm = problem {
            self.kernel = kernel ?? .blas
            self.planner = nil
        } else {
            self.kernel = nil
            self.planner = planner ?? .optimal
        }
        self.auto = auto
        self.workers = auto ? 0 : workers
        self.threads = auto ? 0 : threads
        self.transport = auto || workers == 0 || mpi != nil ? nil : (transport ?? .shm)
        let usesBLAS = (self.kernel == .blas || self.kernel == nil) && mpi == nil
        self.library = usesBLAS ? Self.normalisedLibrary(library) : nil
    }

    /// nil for the linked OpenBLAS (named `openblas`, or not named at all: files
    /// older than the `blas_library` column), the name or path otherwise.
    static func normalisedLibrary(_ library: String?) -> String? {
        guard let library, !library.isEmpty, library != BLASLibraryName.linkedDefault.rawValue else { return nil }
        return library
    }

    /// How `key`, `label` and `columnName` spell the library: its name, or a path's file name.
    var libraryTag: String? {
        guard let library else { return nil }
        guard let slash = library.lastIndex(of: "/") else { return library }
        return String(library[library.index(after: slash)...])
    }

    /// `mpirun -np ranks gemmbench-mpi gemm --size n …` with `threads` BLAS threads per rank.
    static func mpiGemm(n: Int, launch: MPILaunch, threads: Int) -> Self {
        Self(problem: .gemm(m: n, k: n, n: n), kernel: .blas, planner: nil, workers: launch.ranks, threads: threads,
             transport: nil, auto: false, mpi: launch)
    }

    /// `mpirun -np ranks gemmbench-mpi chain --preset P|--dims D --planner planner …`
    /// with `threads` BLAS threads per rank (`problem` a chain).
    static func mpiChain(_ problem: Problem, planner: PlannerKind, launch: MPILaunch, threads: Int) -> Self {
        Self(problem: problem, kernel: nil, planner: planner, workers: launch.ranks, threads: threads,
             transport: nil, auto: false, mpi: launch)
    }

    static func gemm(n: Int, kernel: Kernel, workers: Int, threads: Int, transport: Transport? = nil,
                     library: String? = nil) -> Self {
        Self(problem: .gemm(m: n, k: n, n: n), kernel: kernel, workers: workers, threads: threads,
             transport: transport, library: library)
    }

    /// `gemm --size n --workers auto`.
    static func gemmAuto(n: Int, kernel: Kernel) -> Self {
        Self(problem: .gemm(m: n, k: n, n: n), kernel: kernel, workers: 0, threads: 0, auto: true)
    }

    static func chain(preset: String, planner: PlannerKind, workers: Int, threads: Int,
                      transport: Transport? = nil) -> Self {
        Self(problem: .chainPreset(preset), planner: planner, workers: workers, threads: threads,
             transport: transport)
    }

    /// The configuration a row describes, or nil when the row lacks the fields
    /// that identify one (a gemm without m, k, n; a chain without preset or dims;
    /// an MPI row — `backend` mpi — that is not a BLAS product with `ranks`, `algorithm`
    /// and a `node_split` a suite can ask for, or a chain of it without a planner).
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
        if row.backend == MPILaunch.backend {
            guard row.kernel ?? .blas == .blas, let ranks = row.ranks,
                  let algorithm = row.algorithm.flatMap(MPIAlgorithm.init(rawValue:)),
                  let split = row.nodeSplit.flatMap(MPILaunch.NodeSplit.init(rawValue:)) else { return nil }
            if row.op == .chain && row.planner == nil { return nil }
            if row.gridGiven == true && row.grid == nil { return nil }
            let launch = MPILaunch(ranks: ranks, algorithm: algorithm, nodeSplit: split,
                                   grid: row.gridGiven == true ? row.grid : nil)
            self.init(problem: problem, kernel: row.op == .gemm ? .blas : nil, planner: row.planner, workers: ranks,
                      threads: row.threads, transport: nil, auto: false, mpi: launch)
            return
        }
        self.init(problem: problem, kernel: row.kernel, planner: row.planner,
                  workers: row.workers, threads: row.threads, transport: row.transport, auto: row.auto == true,
                  library: row.blasLibrary)
    }

    var isChain: Bool {
        if case .gemm = problem { return false }
        return true
    }

    var op: Op { isChain ? .chain : .gemm }

    /// The first part of `key` and `label`: the op; for an MPI gemm `mpi`, for an
    /// MPI chain `mpi-chain`.
    private var family: String {
        guard mpi != nil else { return op.rawValue }
        return isChain ? MPILaunch.chainFamily : MPILaunch.backend
    }

    /// The kernel (gemm) or planner (chain) name: the third part of `key` and `label`,
    /// followed by `@library` for a library other than the linked OpenBLAS
    /// (`blas@blis`, `parallel@reference`). For an MPI gemm, the algorithm
    /// (`summa`, `pdgemm`); an MPI chain's planner is followed by its algorithm (`mpiMethodNames`).
    var methodName: String {
        if let mpi, !isChain { return mpi.algorithm.rawValue }
        let method = (isChain ? planner?.rawValue : kernel?.rawValue) ?? ""
        return libraryTag.map { "\(method)@\($0)" } ?? method
    }

    /// The method words of an MPI configuration: `[algorithm]` for a gemm,
    /// `[planner, algorithm]` for a chain (`optimal`, `summa`).
    private func mpiMethodNames(_ mpi: MPILaunch) -> [String] {
        isChain ? [methodName, mpi.algorithm.rawValue] : [methodName]
    }

    /// The configuration this one's speedup is relative to: for a gemm the
    /// single-process 1-thread BLAS product of the same size (MPI gemms too, so
    /// their speedup compares ranks with one process); for a chain the
    /// `optimal` planner in a single process with 1 BLAS thread (MPI chains too,
    /// so they sit in the same speedup-chain.csv line as the worker processes).
    /// Per library: a configuration on another library than the linked OpenBLAS is
    /// relative to that library's own single-process, 1-thread run.
    var reference: BenchConfiguration {
        if isChain {
            return BenchConfiguration(problem: problem, planner: .optimal, workers: 0, threads: 1, library: library)
        }
        return BenchConfiguration(problem: problem, kernel: .blas, workers: 0, threads: 1, library: library)
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
    /// `gemm/n1024/blas/w0/t2`, `chain/square/parallel/w2/t1/shm`; MPI:
    /// `mpi/n2048/summa/r2/t1/auto`, `mpi-chain/mixed/optimal/summa/r2/t1/rank`,
    /// plus `/g2x2` when the suite gave the grid.
    var key: String { spelled(problem: problemName, assign: "", separator: "/", gridPrefix: "g") }

    var description: String { key }

    /// What the progress line shows: `gemm n=1024 blas w=2 t=1 shm`,
    /// `mpi n=2048 summa r=2 t=1 auto`, `mpi-chain mixed optimal summa r=2 t=1 auto`
    /// (then `grid=PxQ` when given).
    var label: String {
        let problemText: String
        if case .gemm(let m, let k, let n) = problem {
            problemText = m == k && k == n ? "n=\(n)" : "m=\(m) k=\(k) n=\(n)"
        } else {
            problemText = problemName
        }
        return spelled(problem: problemText, assign: "=", separator: " ", gridPrefix: "grid=")
    }

    /// The pivot-table column holding this configuration's speedup:
    /// `{kernel|planner}_w{P}_t{T}` plus `_{transport}` when P > 0,
    /// e.g. `blas_w2_t1_shm`, `blas_w0_t2` (OpenBLAS with 2 threads), `parallel_w2_t1_shm`;
    /// MPI: `{algorithm}_r{R}_t{T}_{node split}` plus `_g{PxQ}` when the grid was given,
    /// e.g. `summa_r2_t1_auto`, `pdgemm_r4_t1_rank_g2x2`; an MPI chain's starts with
    /// its planner, `{planner}_{algorithm}_r{R}_t{T}_{node split}`, e.g. `optimal_summa_r2_t1_auto`.
    var columnName: String { spelled(problem: nil, assign: "", separator: "_", gridPrefix: "g") }

    /// `key`, `label` and `columnName` from the same parts, in one place: the op
    /// family and problem (not in a column name), the method, then `auto`, or
    /// ranks, threads, node split and grid (MPI), or workers, threads and
    /// transport; `assign` joins a part's letter to its number (`w2`, `w=2`).
    private func spelled(problem: String?, assign: String, separator: String, gridPrefix: String) -> String {
        var parts = problem.map { [family, $0] } ?? []
        if auto {
            parts += [methodName, "auto"]
        } else if let mpi {
            parts += mpiMethodNames(mpi) + ["r\(assign)\(mpi.ranks)", "t\(assign)\(threads)", mpi.nodeSplit.rawValue]
            if let grid = mpi.grid { parts.append(gridPrefix + grid) }
        } else {
            parts += [methodName, "w\(assign)\(workers)", "t\(assign)\(threads)"]
            if let transport { parts.append(transport.rawValue) }
        }
        return parts.joined(separator: separator)
    }

    /// Arguments for the gemmbench binary (argv[0] excluded) that measure this
    /// configuration once, printing the CSV header and one row with every
    /// timed run in its `samples_s` column. For an MPI configuration, gemmbench-mpi's:
    /// the same problem words, then `MPILaunch.arguments` in place of kernel,
    /// workers, threads and transport, e.g. `chain --preset mixed --planner optimal
    /// --algorithm summa --node-split auto --threads 1 --repeat R --min-time S --csv --samples`.
    func arguments(minReps: Int, minSeconds: Double) -> [String] {
        var arguments: [String]
        switch problem {
        case .gemm(let m, let k, let n):
            arguments = m == k && k == n ? [Op.gemm.rawValue, "--size", "\(n)"]
                                         : [Op.gemm.rawValue, "--m", "\(m)", "--k", "\(k)", "--n", "\(n)"]
        case .chainPreset(let name):
            arguments = [Op.chain.rawValue, "--preset", name, "--planner", (planner ?? .optimal).rawValue]
        case .chainDims(let dims):
            arguments = [Op.chain.rawValue, "--dims", dims.map(String.init).joined(separator: ","),
                         "--planner", (planner ?? .optimal).rawValue]
        }
        if let mpi {
            arguments += mpi.arguments(threads: threads)
        } else {
            if let kernel { arguments += ["--kernel", kernel.rawValue] }
            if let library { arguments += ["--blas", library] }
            arguments += auto ? ["--workers", "auto"] : ["--workers", "\(workers)", "--threads", "\(threads)"]
            if let transport { arguments += ["--transport", transport.rawValue] }
        }
        arguments += ["--repeat", "\(minReps)", "--min-time", "\(minSeconds)", "--csv", "--samples"]
        return arguments
    }
}
