import Vocabulary

/// What to compute for Y = factor0 · factor1 · … · factor(k-1), in which order,
/// and how long the planner expects it to take.
///
/// `steps` is a topological order (every operand `.product(j)` of step i has
/// j < i) sorted by estimated start; the last step produces Y. Every product
/// result is consumed exactly once, by a later step, except the last.
/// A plan of one factor never occurs (chains have k ≥ 2).
public struct ChainPlan: Sendable {
    /// d0…dk: factor i is dims[i] × dims[i+1].
    public let dims: [Int]
    public let planner: PlannerKind
    /// Worker processes the estimate assumes; 0 = the calling process alone.
    public let workers: Int
    public let steps: [PlanStep]
    /// Σ steps' flops (2·m·k·n each).
    public let totalFlops: Double
    /// Estimated makespan in seconds: the last step's `estimatedFinish`.
    public let estimatedSeconds: Double
    /// The whole product, e.g. "((A·B)·(C·D))" (see `factorName`).
    public let parenthesization: String
    /// The model behind every estimate in the plan.
    public let costModel: CostModel

    /// k, the number of factors.
    public var factorCount: Int { dims.count - 1 }

    /// Indices of the steps whose results `steps[step]` consumes (0, 1 or 2,
    /// lhs first). `step` must be a valid index.
    public func dependencies(of step: Int) -> [Int] {
        [steps[step].lhs, steps[step].rhs].compactMap {
            if case .product(let j) = $0 { return j } else { return nil }
        }
    }

    /// The step that consumes `steps[step]`'s result, nil for the last step:
    /// after it starts, the intermediate's arena space can be reused.
    public func consumer(of step: Int) -> Int? {
        steps.firstIndex { $0.lhs == .product(step) || $0.rhs == .product(step) }
    }
}
