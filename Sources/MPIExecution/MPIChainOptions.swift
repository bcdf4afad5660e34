import ChainPlanning
import Vocabulary

/// Everything that defines one `gemmbench-mpi chain` run: Y = F₀·…·F_{q−1}
/// in the planner's order, every product SUMMA on the whole grid.
public struct MPIChainOptions: Sendable {
    /// d0…dk: factor i is dims[i]×dims[i+1].
    public var dims: [Int]
    public var presetName: String?
    public var planner = PlannerKind.optimal
    public var run = MPIRunOptions()
    /// Factor i is filled from seed + i, as `gemmbench chain` fills it.
    public var seed: UInt64 = 42

    static let flags = MPIRunOptions.flags.union(["--dims", "--preset", "--planner", "--seed"])

    /// The planners SUMMA runs: each product on the whole grid, one after another
    /// (`--algorithm tiles` takes every planner).
    static let planners = PlannerKind.allCases.filter { $0 != .parallel }

    public static func parse(_ arguments: [String], worldSize: Int) throws(MPIUsageError) -> MPIChainOptions {
        var list = MPIArguments(arguments)
        try MPIRunOptions.rejectProcessPoolOptions(list)
        try list.rejectUnknownOptions(known: flags, command: "chain")
        let dimsText = try list.value("--dims")
        let presetText = try list.value("--preset")
        var options: MPIChainOptions
        switch (dimsText, presetText) {
        case (let text?, nil): options = MPIChainOptions(dims: try parseDims(text))
        case (nil, let name?):
            guard let preset = ChainPreset.named(name) else {
                throw MPIUsageError("--preset \(name) is not one of \(ChainPreset.all.map(\.name).joined(separator: "|"))")
            }
            options = MPIChainOptions(dims: preset.dims)
            options.presetName = preset.name
        case (nil, nil): throw MPIUsageError("chain needs --dims d0,d1,...,dk or --preset NAME")
        case (_?, _?): throw MPIUsageError("give only one of --dims and --preset")
        }
        options.planner = try list.choice("--planner", of: PlannerKind.self) ?? .optimal
        options.seed = UInt64(try list.integer("--seed", minimum: 0) ?? 42)
        options.run = try MPIRunOptions.parse(&list, worldSize: worldSize)
        guard planners.contains(options.planner) || options.run.algorithm == .tiles else {
            // Independent products on disjoint sub-grids (MPI_Comm_split) are not built yet.
            throw MPIUsageError("--planner \(options.planner.rawValue) needs --algorithm tiles (\(choiceList(planners)) run each product on the whole grid)")
        }
        if options.run.algorithm == .tiles && options.run.kernel != .blas {
            throw MPIUsageError("--kernel \(options.run.kernel.rawValue) needs --algorithm summa (chains of tiles multiply with blas, as gemmbench chain)")
        }
        if options.run.algorithm == .pdgemm {
            throw MPIUsageError("chain runs on SUMMA only (--algorithm pdgemm is for gemm)")
        }
        try list.finish(command: "chain")
        return options
    }

    /// "d0,d1,...,dk": at least three positive integers.
    static func parseDims(_ text: String) throws(MPIUsageError) -> [Int] {
        var dims: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = part.filter { $0 != " " }
            guard let value = Int(trimmed) else { throw MPIUsageError("--dims \(text): '\(trimmed)' is not a whole number") }
            guard value >= 1 else { throw MPIUsageError("--dims \(text): \(value) must be at least 1") }
            dims.append(try MPIRunOptions.dimension("--dims", value))
        }
        guard dims.count >= 3 else { throw MPIUsageError("--dims \(text) needs at least three dimensions (two factors)") }
        return dims
    }

    init(dims: [Int]) { self.dims = dims }
}
