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
        var gemmGrids: [GemmGrid] = []
        var chainGrids: [ChainGrid] = []
        var mpiGrids: [MPIGrid] = []
        var mpiChainGrids: [MPIChainGrid] = []
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

        for section in file.sections.dropFirst() {
            switch section.name {
            case "gemm":
                let reader = SectionReader(section, path: path,
                                           allowed: ["sizes", "kernels", "workers", "threads", "transports", "blas"])
                try reader.rejectUnknownKeys()
                let (workers, workersAuto) = try reader.intsOrAuto("workers", minimum: 0)
                gemmGrids.append(GemmGrid(
                    sizes: try reader.ints("sizes", minimum: 1),
                    kernels: try reader.choices("kernels", of: Kernel.self),
                    workers: workers, workersAuto: workersAuto,
                    threads: try reader.ints("threads", minimum: 1),
                    transports: try reader.choices("transports", of: Transport.self, default: [.shm]),
                    libraries: try reader.libraries("blas")))
            case "chain":
                let reader = SectionReader(section, path: path,
                                           allowed: ["presets", "planners", "workers", "threads", "transports", "blas"])
                try reader.rejectUnknownKeys()
                chainGrids.append(ChainGrid(
                    presets: try reader.chains("presets"),
                    planners: try reader.choices("planners", of: PlannerKind.self),
                    workers: try reader.ints("workers", minimum: 0),
                    threads: try reader.ints("threads", minimum: 1, default: [1]),
                    transports: try reader.choices("transports", of: Transport.self, default: [.shm]),
                    libraries: try reader.libraries("blas")))
            case MPILaunch.backend:
                mpiGrids.append(try mpiGrid(section, path: path))
            case MPILaunch.chainFamily:
                mpiChainGrids.append(try mpiChainGrid(section, path: path))
            default:
                throw FileLineError(file: path, line: section.line,
                                    message: "unknown section '[\(section.name)]' (expected \(sectionList))")
            }
        }
        guard !gemmGrids.isEmpty || !chainGrids.isEmpty || !mpiGrids.isEmpty || !mpiChainGrids.isEmpty else {
            throw FileLineError(file: path, line: nil, message: "defines no \(sectionList) section")
        }
        return Suite(name: suiteName(fromPath: path), path: path, text: text, rounds: rounds, minReps: minReps,
                     minSeconds: minSeconds, noisyCI: noisyCI, maxExtraRounds: maxExtraRounds,
                     timeoutSeconds: timeout, swiftReferenceMaxSize: swiftMax,
                     gemmGrids: gemmGrids, chainGrids: chainGrids, mpiGrids: mpiGrids, mpiChainGrids: mpiChainGrids)
    }

    /// The section names a suite may use, for errors: `[gemm], [chain], [mpi] or [mpi-chain]`.
    private static let sectionList = [Op.gemm.rawValue, Op.chain.rawValue, MPILaunch.backend]
        .map { "[\($0)]" }.joined(separator: ", ") + " or [\(MPILaunch.chainFamily)]"

    /// The keys every MPI section takes besides its problem keys.
    private static let mpiLaunchKeys = ["ranks", "algorithms", "node_split", "threads", "grid", "mpirun_args"]

    /// An `[mpi]` section: sizes and the launch keys (`mpiLaunch`).
    static func mpiGrid(_ section: KeyValueFile.Section, path: String) throws(FileLineError) -> MPIGrid {
        let reader = SectionReader(section, path: path, allowed: ["sizes"] + mpiLaunchKeys)
        try reader.rejectUnknownKeys()
        let launch = try mpiLaunch(reader, algorithms: MPIAlgorithm.allCases)
        return MPIGrid(sizes: try reader.ints("sizes", minimum: 1), ranks: launch.ranks, algorithms: launch.algorithms,
                       nodeSplits: launch.nodeSplits, threads: launch.threads, grids: launch.grids,
                       mpirunArguments: launch.mpirunArguments)
    }

    /// An `[mpi-chain]` section: presets, planners (those gemmbench-mpi's `chain`
    /// runs, `MPILaunch.chainPlanners`) and the launch keys, whose algorithms are
    /// limited to `MPILaunch.chainAlgorithms`.
    static func mpiChainGrid(_ section: KeyValueFile.Section, path: String) throws(FileLineError) -> MPIChainGrid {
        let reader = SectionReader(section, path: path, allowed: ["presets", "planners"] + mpiLaunchKeys)
        try reader.rejectUnknownKeys()
        let launch = try mpiLaunch(reader, algorithms: MPILaunch.chainAlgorithms)
        let planners = try reader.choices("planners", of: PlannerKind.self, among: MPILaunch.chainPlanners)
        // Every algorithm × planner of the grid must run (`MPIAlgorithm.chainPlanners`).
        for algorithm in launch.algorithms {
            if let planner = planners.first(where: { !algorithm.chainPlanners.contains($0) }),
               let line = section.assignments.first(where: { $0.key == "planners" })?.line {
                throw FileLineError(file: path, line: line, message: "'planners': \(planner.rawValue) does not run on "
                                    + "\(algorithm.rawValue) (it runs \(choiceList(algorithm.chainPlanners))); give it its own section")
            }
        }
        return MPIChainGrid(presets: try reader.chains("presets"),
                            planners: planners,
                            ranks: launch.ranks, algorithms: launch.algorithms, nodeSplits: launch.nodeSplits,
                            threads: launch.threads, grids: launch.grids, mpirunArguments: launch.mpirunArguments)
    }

    /// The launch keys of an MPI section, `algorithms` among `allowed` (default
    /// `summa`). A `grid` must have P×Q = ranks for every rank count when any
    /// algorithm is pdgemm or any node split is rank (one grid member per rank
    /// there); under summa with node split auto it covers nodes, which only
    /// gemmbench-mpi can count, so it is checked there.
    private static func mpiLaunch(_ reader: SectionReader, algorithms allowed: [MPIAlgorithm])
        throws(FileLineError) -> (ranks: [Int], algorithms: [MPIAlgorithm], nodeSplits: [MPILaunch.NodeSplit],
                                  threads: [Int], grids: [String]?, mpirunArguments: [String]) {
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
            if algorithms.contains(.tiles) {
                throw FileLineError(file: path, line: found.line,
                                    message: "'grid': tiles have no process grid (ranks take tiles as they free up); "
                                        + "give them their own [mpi] section")
            }
            let perRank = algorithms.contains(.pdgemm) || splits.contains(.rank)
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
            grids = texts.uniqued()
        }
        let mpirunArguments = section.assignments.first { $0.key == "mpirun_args" }
            .map { $0.value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) } ?? []
        return (ranks, algorithms, splits, try reader.ints("threads", minimum: 1, default: [1]), grids, mpirunArguments)
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

/// Typed access to one section's assignments; each getter throws a
/// `FileLineError` naming the key's line (or the section header for a missing key).
struct SectionReader {
    let section: KeyValueFile.Section
    let path: String
    let allowed: [String]

    init(_ section: KeyValueFile.Section, path: String, allowed: [String]) {
        self.section = section
        self.path = path
        self.allowed = allowed
    }

    private var sectionTitle: String { section.name.isEmpty ? "the top of the file" : "[\(section.name)]" }

    func rejectUnknownKeys() throws(FileLineError) {
        for assignment in section.assignments where !allowed.contains(assignment.key) {
            var message = "unknown key \(quotedInput(assignment.key)) in \(sectionTitle) (expected one of: \(allowed.joined(separator: ", ")))"
            if !section.name.isEmpty && Suite.topLevelKeys.contains(assignment.key) {
                message += "; top-level keys go before the first section"
            }
            throw FileLineError(file: path, line: assignment.line, message: message)
        }
    }

    private func assignment(_ key: String) -> KeyValueFile.Assignment? {
        section.assignments.first { $0.key == key }
    }

    private func missing(_ key: String) -> FileLineError {
        FileLineError(file: path, line: section.name.isEmpty ? nil : section.line,
                      message: "\(sectionTitle) is missing required key '\(key)'")
    }

    private func single(_ key: String) throws(FileLineError) -> (String, Int)? {
        guard let found = assignment(key) else { return nil }
        guard found.items.count == 1 else {
            throw FileLineError(file: path, line: found.line, message: "'\(key)' takes one value, found \(found.items.count)")
        }
        return (found.items[0], found.line)
    }

    func ints(_ key: String, minimum: Int, default fallback: [Int]? = nil) throws(FileLineError) -> [Int] {
        guard let found = assignment(key) else {
            if let fallback { return fallback }
            throw missing(key)
        }
        var values: [Int] = []
        var seen = Set<Int>()
        for item in found.items {
            guard let value = Int(item), value >= minimum else {
                throw FileLineError(file: path, line: found.line,
                                    message: "'\(key)': \(quotedInput(item)) is not an integer ≥ \(minimum)")
            }
            if seen.insert(value).inserted { values.append(value) }
        }
        return values
    }

    /// Integers ≥ `minimum`, and whether the word `auto` is among them (gemm workers).
    func intsOrAuto(_ key: String, minimum: Int) throws(FileLineError) -> (values: [Int], auto: Bool) {
        guard let found = assignment(key) else { throw missing(key) }
        var values: [Int] = []
        var seen = Set<Int>()
        var auto = false
        for item in found.items {
            if item == "auto" { auto = true; continue }
            guard let value = Int(item), value >= minimum else {
                throw FileLineError(file: path, line: found.line,
                                    message: "'\(key)': \(quotedInput(item)) is not an integer ≥ \(minimum) or auto")
            }
            if seen.insert(value).inserted { values.append(value) }
        }
        return (values, auto)
    }

    func positiveInt(_ key: String, maximum: Int = Int.max) throws(FileLineError) -> Int {
        guard let value = try positiveIntIfPresent(key) else { throw missing(key) }
        guard value > maximum else { return value }
        throw FileLineError(file: path, line: assignment(key)?.line, message: "'\(key)': \(value) is more than \(maximum)")
    }

    func positiveIntIfPresent(_ key: String) throws(FileLineError) -> Int? {
        try intIfPresent(key, minimum: 1)
    }

    func nonNegativeIntIfPresent(_ key: String) throws(FileLineError) -> Int? {
        try intIfPresent(key, minimum: 0)
    }

    private func intIfPresent(_ key: String, minimum: Int) throws(FileLineError) -> Int? {
        guard let (item, line) = try single(key) else { return nil }
        guard let value = Int(item), value >= minimum else {
            throw FileLineError(file: path, line: line, message: "'\(key)': \(quotedInput(item)) is not an integer ≥ \(minimum)")
        }
        return value
    }

    func real(_ key: String, minimum: Double, maximum: Double = .greatestFiniteMagnitude,
              required: Bool) throws(FileLineError) -> Double? {
        guard let (item, line) = try single(key) else {
            if required { throw missing(key) }
            return nil
        }
        guard let value = Double(item), value.isFinite, value >= minimum else {
            throw FileLineError(file: path, line: line, message: "'\(key)': \(quotedInput(item)) is not a number ≥ \(minimum)")
        }
        guard value <= maximum else {
            throw FileLineError(file: path, line: line, message: "'\(key)': '\(item)' is more than \(maximum)")
        }
        return value
    }

    /// The names of a Vocabulary enum (its raw values), e.g. `kernels = blas, swift`;
    /// with `allowed`, only those cases (a known name outside them is refused as
    /// not available in this section, e.g. `planners = parallel` in `[mpi-chain]`).
    func choices<Choice: RawRepresentable & CaseIterable & Equatable>(
        _ key: String, of type: Choice.Type, among allowed: [Choice]? = nil, default fallback: [Choice]? = nil
    ) throws(FileLineError) -> [Choice] where Choice.RawValue == String {
        guard let found = assignment(key) else {
            if let fallback { return fallback }
            throw missing(key)
        }
        let allowed = allowed ?? Array(Choice.allCases)
        let options = allowed.map(\.rawValue).joined(separator: ", ")
        var values: [Choice] = []
        for item in found.items {
            guard let value = Choice(rawValue: item) else {
                throw FileLineError(file: path, line: found.line,
                                    message: "'\(key)': unknown value \(quotedInput(item)) (expected one of: \(options))")
            }
            guard allowed.contains(value) else {
                throw FileLineError(file: path, line: found.line,
                                    message: "'\(key)': \(quotedInput(item)) is not available in \(sectionTitle) (expected one of: \(options))")
            }
            if !values.contains(value) { values.append(value) }
        }
        return values
    }

    /// Chains: preset names (`names`), or dims `d0xd1x…xdk` (at least three whole
    /// numbers ≥ 1, `BenchConfiguration.Problem.chainDims(spelled:)`), run with `--dims`.
    func chains(_ key: String) throws(FileLineError) -> [String] {
        let values = try names(key)
        let dimsLine = section.assignments.first { $0.key == key }?.line
        for value in values where BenchConfiguration.Problem.looksLikeChainDims(value)
            && BenchConfiguration.Problem.chainDims(spelled: value) == nil {
            throw FileLineError(file: path, line: dimsLine,
                                message: "'\(key)': \(quotedInput(value)) is not dims d0xd1x…xdk "
                                    + "(at least \(BenchConfiguration.Problem.minimumChainDims) whole numbers ≥ 1)")
        }
        return values
    }

    /// Names such as chain presets: letters, digits, '-' and '_' (checked by the binary, not here).
    /// `blas = openblas, blis, /opt/lib/libfoo.so`: known library names
    /// (`BLASLibraryName`) or absolute paths; `openblas`, the linked one, becomes nil.
    /// Absent: the linked OpenBLAS alone. Whether each loads is the child's to say.
    func libraries(_ key: String) throws(FileLineError) -> [String?] {
        guard let found = assignment(key) else { return [nil] }
        var values: [String?] = []
        for item in found.items {
            guard let name = BLASLibraryName(rawValue: item) else {
                guard item.hasPrefix("/"), !item.contains(where: { $0 == " " || $0 == "\t" }) else {
                    throw FileLineError(file: path, line: found.line,
                                        message: "'\(key)': \(quotedInput(item)) is not \(BLASLibraryName.names) or an absolute path")
                }
                if !values.contains(item) { values.append(item) }
                continue
            }
            let value: String? = name == .linkedDefault ? nil : name.rawValue
            if !values.contains(value) { values.append(value) }
        }
        return values
    }

    func names(_ key: String) throws(FileLineError) -> [String] {
        guard let found = assignment(key) else { throw missing(key) }
        var values: [String] = []
        var seen = Set<String>()
        for item in found.items {
            guard item.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw FileLineError(file: path, line: found.line, message: "'\(key)': \(quotedInput(item)) is not a valid name")
            }
            if seen.insert(item).inserted { values.append(item) }
        }
        return values
    }
}
