/// How a chain product Y = A·B·…·H is parenthesised and scheduled.
///
/// The raw values are the `--planner` names of the command line (docs/contracts.md).
public enum PlannerKind: String, CaseIterable, Sendable {
    /// ((A·B)·C)·… — what a naive loop does.
    case left
    /// The O(k³) matrix-chain dynamic programme minimising flops.
    /// Ties go to the LARGEST split index, so equal-cost chains (e.g. `square`)
    /// are evaluated left to right, exactly like `left`.
    case optimal
    /// The lecture's pairwise scheme: (A·B)(C·D)(E·F)(G·H) at once, then pairs of
    /// those, and so on. With an odd count the last operand of a level is carried
    /// unchanged to the next level: A…E → (A·B),(C·D),E → ((A·B)·(C·D)),E → (((A·B)·(C·D))·E).
    case tree
    /// Minimises the estimated makespan on P workers under a `CostModel`
    /// (see `makePlan`); the only planner that tile-splits a product.
    case parallel

    /// The one-line list used in usage errors: `left|optimal|tree|parallel`.
    public static var names: String { choiceList(allCases) }
}
