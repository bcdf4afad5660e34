import ChainPlanning
import Vocabulary
import DistributedProducts

/// Everything that defines one `gemmbench-mpi chain` run: Y = F₀·…·F_{q−1}
/// in the planner's order: SUMMA (`MPIChainRunner`) or tiles (`TilesRun`).
public struct MPIChainOptions: Sendable {
    /// d0…dk: factor i is dims[i]×dims[i+1]. Empty with `--inputs` until the
    /// runner has read the files' headers.
    public var dims: [Int]
    /// `--inputs`: the factors' .npy files, in order (instead of --dims/--preset).
    public var inputPaths: [String] = []
    /// `--output`: where Y goes (a .npy file), written only when it verified.
    public var outputPath: String?
    public var presetName: String?
    public var planner = PlannerKind.optimal
    public var run = MPIRunOptions()
    /// Factor i is filled from seed + i, as `gemmbench chain` fills it.
    public var seed: UInt64 = 42

    static let flags = MPIRunOptions.flags.union(["--dims", "--preset", "--inputs", "--output", "--planner", "--seed"])

    public static func parse(_ arguments: [String], worldSize: Int) throws(MPIUsageError) -> MPIChainOptions {
        var list = MPIArguments(arguments)
        try MPIRunOptions.rejectProcessPoolOptions(list)
        try list.rejectUnknownOptions(known: flags, command: "chain")
        let dimsText = try list.value("--dims")
        let presetText = try list.value("--preset")
        let inputs = try list.positionals(after: "--inputs")
        var options: MPIChainOptions
        switch (dimsText, presetText, inputs.isEmpty) {
        case (let text?, nil, true): options = MPIChainOptions(dims: try parseDims(text))
        case (nil, let name?, true):
            guard let preset = ChainPreset.named(name) else {
                throw MPIUsageError("--preset \(name) is not one of \(ChainPreset.all.map(\.name).joined(separator: "|"))")
            }
            options = MPIChainOptions(dims: preset.dims)
            options.presetName = preset.name
        case (nil, nil, false):
            // Dims come from the headers, which the runner reads on every rank.
            guard inputs.count >= 2 else { throw MPIUsageError("--inputs needs at least two .npy files") }
            guard inputs.count <= maximumChainFactors else {
                throw MPIUsageError("--inputs has \(inputs.count) files; at most \(maximumChainFactors) are supported")
            }
            options = MPIChainOptions(dims: [])
            options.inputPaths = inputs
        case (nil, nil, true): throw MPIUsageError("chain needs --dims d0,d1,...,dk, --preset NAME or --inputs a.npy b.npy ...")
        default: throw MPIUsageError("give only one of --dims, --preset and --inputs")
        }
        options.outputPath = try list.value("--output")
        if let path = options.outputPath, !path.hasSuffix(".npy") {
            throw MPIUsageError("--output \(path) must name a .npy file")
        }
        options.planner = try list.choice("--planner", of: PlannerKind.self) ?? .optimal
        options.seed = UInt64(try list.integer("--seed", minimum: 0) ?? 42)
        options.run = try MPIRunOptions.parse(&list, worldSize: worldSize)
        if options.run.algorithm == .pdgemm {
            throw MPIUsageError("chain runs on \(choiceList(MPIAlgorithm.allCases.filter { !$0.chainPlanners.isEmpty })) only (--algorithm pdgemm is for gemm)")
        }
        let planners = options.run.algorithm.chainPlanners
        guard planners.contains(options.planner) else {
            let others = MPIAlgorithm.allCases.filter { $0.chainPlanners.contains(options.planner) }.map(\.rawValue)
            throw MPIUsageError("--planner \(options.planner.rawValue) needs --algorithm \(others.joined(separator: "|")) "
                                + "(\(options.run.algorithm.rawValue) runs \(choiceList(planners)))")
        }
        if options.run.algorithm == .tiles && options.run.kernel != .blas {
            throw MPIUsageError("--kernel \(options.run.kernel.rawValue) needs --algorithm summa (chains of tiles multiply with blas, as gemmbench chain)")
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
