/// What one measured configuration computes: the `op` CSV column, a suite's
/// `[gemm]`/`[chain]` section and the command that runs it. (Named `Op`
/// because Foundation already declares an `Operation`.)
public enum Op: String, CaseIterable, Sendable {
    /// One product C = A·B (`gemmbench gemm`).
    case gemm
    /// A chain product Y = A·B·…·H (`gemmbench chain`).
    case chain

    /// The one-line list used in errors: `gemm|chain`.
    public static var names: String { choiceList(allCases) }
}
