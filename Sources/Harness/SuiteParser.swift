import ResultRows
import Statistics
import Vocabulary

extension Suite {
    /// Reads the suite at `path`. Every error names the file and, where one
    /// applies, the line: unknown key or section, empty list, bad number,
    /// unknown kernel/planner/transport/algorithm/node split (or one the section
    /// cannot run), duplicate key, missing required key.
    static func load(path: String) throws(SuiteLoadError) -> Suite {
        let text: String
        do { text = try readTextFile(path) } catch { throw .unreadable(error) }
        do { return try parse(text: text, path: path) } catch { throw .malformed(error) }
    }

    static func parse(text: String, path: String) throws(FileLineError) -> Suite {
        let file = try KeyValueFile(text: text, path: path)
        let top = SectionReader(file.sections[0], path: path, allowed: topLevelKeys)
        try top.rejectUnknownKeys()
        let rounds = try top.positiveIntIfPresent("rounds") ?? defaultRounds
        let minReps = try top.positiveInt("min_reps", maximum: RepetitionLimits.maximumRepetitions)
        // A 95% CI needs 3 rounds (Student t over them, 2 degrees of freedom) or,
        // from fewer rounds, 6 samples (order statistics over the pooled samples).
        if rounds < minimumRoundsForInterval && rounds * minReps < MedianInterval.minimumSamples {
            throw FileLineError(file: path, line: nil,
                                message: "rounds = \(rounds) with min_reps = \(minReps) gives no 95% confidence interval: "
                                    + "use rounds ≥ \(minimumRoundsForInterval), or rounds × min_reps ≥ \(MedianInterval.minimumSamples)")
        }
        let noisyCI = try top.real("noisy_ci", minimum: 0, required: false) ?? NoiseRule.defaultCIFraction
        let maxExtraRounds = try top.nonNegativeIntIfPresent("max_extra_rounds") ?? defaultMaxExtraRounds
        let minSeconds = try top.real("min_seconds", minimum: 0, maximum: RepetitionLimits.maximumMinSeconds, required: true)!
        let timeout = try top.real("timeout_seconds", minimum: 1, required: false) ?? defaultTimeoutSeconds
        let swiftMax = try top.positiveIntIfPresent("swift_reference_max_size")
        let grids = try grids(file.sections.dropFirst(), path: path)
        return Suite(name: suiteName(fromPath: path), path: path, text: text, rounds: rounds, minReps: minReps,
                     minSeconds: minSeconds, noisyCI: noisyCI, maxExtraRounds: maxExtraRounds,
                     timeoutSeconds: timeout, swiftReferenceMaxSize: swiftMax,
                     gemmGrids: grids.gemm, chainGrids: grids.chain, mpiGrids: grids.mpi)
    }

    /// The grids of the sections after the top-level keys, each kind in file
    /// order; at least one, of a kind `sectionList` names.
    private static func grids(_ sections: ArraySlice<KeyValueFile.Section>, path: String)
        throws(FileLineError) -> (gemm: [GemmGrid], chain: [ChainGrid], mpi: [MPIGrid]) {
        var gemmGrids: [GemmGrid] = []
        var chainGrids: [ChainGrid] = []
        var mpiGrids: [MPIGrid] = []
        for section in sections {
            switch section.name {
            case Op.gemm.rawValue: gemmGrids.append(try gemmGrid(section, path: path))
            case Op.chain.rawValue: chainGrids.append(try chainGrid(section, path: path))
            case MPILaunch.backend: mpiGrids.append(try mpiGrid(section, path: path))
            case MPILaunch.chainFamily: mpiGrids.append(try mpiChainGrid(section, path: path))
            default:
                throw FileLineError(file: path, line: section.line,
                                    message: "unknown section '[\(section.name)]' (expected \(sectionList))")
            }
        }
        guard !gemmGrids.isEmpty || !chainGrids.isEmpty || !mpiGrids.isEmpty else {
            throw FileLineError(file: path, line: nil, message: "defines no \(sectionList) section")
        }
        return (gemmGrids, chainGrids, mpiGrids)
    }

    /// The section names a suite may use, for errors: `[gemm], [chain], [mpi] or [mpi-chain]`.
    private static let sectionList = [Op.gemm.rawValue, Op.chain.rawValue, MPILaunch.backend]
        .map { "[\($0)]" }.joined(separator: ", ") + " or [\(MPILaunch.chainFamily)]"

    /// The keys every MPI section takes besides its problem keys.
    private static let mpiLaunchKeyNames = ["ranks", "algorithms", "node_split", "threads", "grid", "mpirun_args"]

    static func gemmGrid(_ section: KeyValueFile.Section, path: String) throws(FileLineError) -> GemmGrid {
        let reader = SectionReader(section, path: path, allowed: ["sizes", "kernels", "workers", "threads", "transports", "blas"])
        try reader.rejectUnknownKeys()
        let (workers, workersAuto) = try reader.intsOrAuto("workers", minimum: 0)
        return GemmGrid(sizes: try reader.ints("sizes", minimum: 1),
                        kernels: try reader.choices("kernels", of: Kernel.self),
                        workers: workers, workersAuto: workersAuto,
                        threads: try reader.ints("threads", minimum: 1),
                        transports: try reader.choices("transports", of: Transport.self, default: [.shm]),
                        libraries: try reader.libraries("blas"))
    }

    static func chainGrid(_ section: KeyValueFile.Section, path: String) throws(FileLineError) -> ChainGrid {
        let reader = SectionReader(section, path: path, allowed: ["presets", "planners", "workers", "threads", "transports", "blas"])
        try reader.rejectUnknownKeys()
        return ChainGrid(presets: try reader.chains("presets"),
                         planners: try reader.choices("planners", of: PlannerKind.self),
                         workers: try reader.ints("workers", minimum: 0),
                         threads: try reader.ints("threads", minimum: 1, default: [1]),
                         transports: try reader.choices("transports", of: Transport.self, default: [.shm]),
                         libraries: try reader.libraries("blas"))
    }

    /// An `[mpi]` section: sizes and the launch keys (`readLaunchKeys`).
    static func mpiGrid(_ section: KeyValueFile.Section, path: String) throws(FileLineError) -> MPIGrid {
        let reader = SectionReader(section, path: path, allowed: ["sizes"] + mpiLaunchKeyNames)
        try reader.rejectUnknownKeys()
        let launchKeys = try readLaunchKeys(reader, algorithms: MPIAlgorithm.allCases)
        return MPIGrid(problem: .gemm(sizes: try reader.ints("sizes", minimum: 1)), launchKeys: launchKeys)
    }

    /// An `[mpi-chain]` section: presets, planners (those gemmbench-mpi's `chain`
    /// runs, `MPILaunch.chainPlanners`) and the launch keys, whose algorithms are
    /// limited to `MPILaunch.chainAlgorithms`.
    static func mpiChainGrid(_ section: KeyValueFile.Section, path: String) throws(FileLineError) -> MPIGrid {
        let reader = SectionReader(section, path: path, allowed: ["presets", "planners"] + mpiLaunchKeyNames)
        try reader.rejectUnknownKeys()
        let launchKeys = try readLaunchKeys(reader, algorithms: MPILaunch.chainAlgorithms)
        let planners = try reader.choices("planners", of: PlannerKind.self, among: MPILaunch.chainPlanners)
        // Every algorithm × planner of the grid must run (`MPIAlgorithm.chainPlanners`).
        for algorithm in launchKeys.algorithms {
            if let planner = planners.first(where: { !algorithm.chainPlanners.contains($0) }),
               let line = section.assignments.first(where: { $0.key == "planners" })?.line {
                throw FileLineError(file: path, line: line, message: "'planners': \(planner.rawValue) does not run on "
                                    + "\(algorithm.rawValue) (it runs \(choiceList(algorithm.chainPlanners))); give it its own section")
            }
        }
        return MPIGrid(problem: .chain(presets: try reader.chains("presets"), planners: planners), launchKeys: launchKeys)
    }

    /// The launch keys of an MPI section (`mpiLaunchKeyNames`), `algorithms`
    /// among `allowed` (default `summa`).
    private static func readLaunchKeys(_ reader: SectionReader, algorithms allowed: [MPIAlgorithm])
        throws(FileLineError) -> MPILaunchKeys {
        let (section, path) = (reader.section, reader.path)
        let ranks = try reader.ints("ranks", minimum: 1)
        let algorithms = try reader.choices("algorithms", of: MPIAlgorithm.self, among: allowed, default: [.summa])
        let splits = try reader.choices("node_split", of: MPILaunch.NodeSplit.self, default: [.auto])
        // The sweep launches tiles with their default transport, shm: one shared window on one node.
        if algorithms.contains(.tiles), splits.contains(.rank),
           let line = section.assignments.first(where: { $0.key == "algorithms" })?.line {
            throw FileLineError(file: path, line: line,
                                message: "'algorithms': tiles cannot run with node_split rank (the sweep runs tiles "
                                    + "in one shared window; give them their own [mpi] section)")
        }
        var grids: [String]? = nil
        if let found = section.assignments.first(where: { $0.key == "grid" }) {
            grids = try gridValues(found, ranks: ranks, algorithms: algorithms, nodeSplits: splits, reader: reader)
        }
        let mpirunArguments = section.assignments.first { $0.key == "mpirun_args" }
            .map { $0.value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) } ?? []
        return MPILaunchKeys(ranks: ranks, algorithms: algorithms, nodeSplits: splits,
                             threads: try reader.ints("threads", minimum: 1, default: [1]), grids: grids,
                             mpirunArguments: mpirunArguments)
    }

    /// A `grid` key's `PxQ` values as gemmbench-mpi writes them back, each once.
    /// A grid must have P×Q = ranks for every rank count when any algorithm is
    /// pdgemm or any node split is rank (one grid member per rank there); under
    /// summa with node split auto it covers nodes, which only gemmbench-mpi can
    /// count, so it is checked there. Tiles have no grid.
    private static func gridValues(_ found: KeyValueFile.Assignment, ranks: [Int], algorithms: [MPIAlgorithm],
                                   nodeSplits: [MPILaunch.NodeSplit], reader: SectionReader) throws(FileLineError) -> [String] {
        let (section, path) = (reader.section, reader.path)
        if algorithms.contains(.tiles) {
            throw FileLineError(file: path, line: found.line,
                                message: "'grid': tiles have no process grid (ranks take tiles as they free up); "
                                    + "give them their own [mpi] section")
        }
        let perRank = algorithms.contains(.pdgemm) || nodeSplits.contains(.rank)
        var texts: [String] = []
        for item in found.items {
            guard let (text, members) = GridShape(parsing: item).map({ ($0.description, $0.count) }) else {
                throw FileLineError(file: path, line: found.line,
                                    message: "'grid': \(quotedInput(item)) is not PxQ with whole numbers P, Q ≥ 1")
            }
            if perRank, let other = ranks.first(where: { $0 != members }) {
                throw FileLineError(file: path, line: found.line,
                                    message: "'grid': \(item) has \(members) members but ranks includes \(other) "
                                        + "(with pdgemm or node_split rank a grid needs one member per rank: "
                                        + "give each rank count its own [\(section.name)] section)")
            }
            texts.append(text)
        }
        return texts.uniqued()
    }

    /// "Benchmarks/suites/quick.suite" → "quick".
    static func suiteName(fromPath path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".suite") ? String(file.dropLast(6)) : file
    }
}

/// Why a suite could not be loaded.
enum SuiteLoadError: Error, CustomStringConvertible {
    case unreadable(HarnessError)
    case malformed(FileLineError)

    var description: String {
        switch self {
        case .unreadable(let error): return error.description
        case .malformed(let error): return error.description
        }
    }
}
