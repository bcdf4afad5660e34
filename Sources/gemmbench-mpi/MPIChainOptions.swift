import CommandLineArguments
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

    static let flags = MPIRunOptions.flags.union(MPIArguments.chainProblemFlags).union(["--planner"])

    public static func parse(_ arguments: [String], worldSize: Int) throws(MPIUsageError) -> MPIChainOptions {
        var list = MPIArguments(arguments)
        try MPIRunOptions.rejectProcessPoolOptions(list)
        try list.rejectUnknownOptions(known: flags, command: "chain")
        let problem = try list.chainProblem()
        var options: MPIChainOptions
        switch problem.factors {
        case .random(let dims): options = MPIChainOptions(dims: dims)
        case .files(let paths):
            // Dims come from the headers, which the runner reads on every rank.
            options = MPIChainOptions(dims: [])
            options.inputPaths = paths
        }
        options.presetName = problem.presetName
        options.outputPath = problem.outputPath
        options.seed = problem.seed
        options.planner = try list.choice("--planner", of: PlannerKind.self) ?? .optimal
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

    init(dims: [Int]) { self.dims = dims }
}
