/// A named chain of dims d0…dk used by `gemmbench chain --preset NAME`.
///
/// This file is the one place the presets' dims are spelled out.
public struct ChainPreset: Sendable, Equatable {
    public let name: String
    /// Factor i is dims[i] × dims[i+1].
    public let dims: [Int]

    /// Eight 1024×1024 factors: every parenthesisation costs the same flops.
    public static let square = ChainPreset(name: "square", dims: Array(repeating: 1024, count: 9))
    /// Eight factors of mixed shape: the flop-optimal order matters a lot.
    public static let mixed = ChainPreset(
        name: "mixed", dims: [2000, 500, 3000, 200, 2500, 1000, 150, 2000, 800])
    /// Alternating 4000×64 and 64×4000 factors: inner dimension 64 starves BLAS.
    public static let skinny = ChainPreset(
        name: "skinny", dims: [4000, 64, 4000, 64, 4000, 64, 4000, 64, 4000])

    /// Every preset, in the order the CLI lists them.
    public static let all: [ChainPreset] = [square, mixed, skinny]

    /// The one-line list used in usage errors: `square|mixed|skinny`.
    public static var names: String { all.map(\.name).joined(separator: "|") }

    /// The preset called `name` (exact, case-sensitive), or nil.
    public static func named(_ name: String) -> ChainPreset? {
        all.first { $0.name == name }
    }
}
