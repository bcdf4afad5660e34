import Vocabulary

/// gemm's problem: A is m×k, B is k×n.
public struct GemmShape: Equatable, Sendable {
    public let m: Int, k: Int, n: Int

    public init(m: Int, k: Int, n: Int) {
        self.m = m; self.k = k; self.n = n
    }
}

/// A chain's problem, as `chain` of either executable reads it.
public struct ChainProblem: Equatable, Sendable {
    public enum Factors: Equatable, Sendable {
        /// `--dims` or `--preset`: factor i is dims[i]×dims[i+1], filled from seed + i.
        case random(dims: [Int])
        /// `--inputs`: the factors' .npy files, in order; their headers are read
        /// (and checked with `ProblemLimits.checkChainInputs`) by the command.
        case files([String])
    }

    public var factors: Factors
    /// `--preset NAME`'s name.
    public var presetName: String?
    /// `--seed S` (default 42).
    public var seed: UInt64
    /// `--output y.npy`: where Y goes, written only when it verified.
    public var outputPath: String?
}

/// The problem flags of both executables' `gemm` and `chain` (and `plan`'s
/// dims): one reading, one set of limits (`ProblemLimits`), one set of errors.
extension ArgumentList {
    /// The flags `gemmShape` reads, for a command's list of known options.
    public static let gemmShapeFlags: Set<String> = ["--size", "--m", "--k", "--n"]
    /// The flags `chainProblem` reads, for a command's list of known options.
    public static let chainProblemFlags: Set<String> = ["--dims", "--preset", "--inputs", "--seed", "--output"]

    /// `--size N` or all of `--m M --k K --n N`, never both; each at most `ProblemLimits.maximumDimension`.
    public mutating func gemmShape() throws(UsageError) -> GemmShape {
        func dimension(_ flag: String) throws(UsageError) -> Int? {
            guard let value = try integer(flag, minimum: 1) else { return nil }
            return try ProblemLimits.checkedDimension(flag, value)
        }
        let size = try dimension("--size")
        let m = try dimension("--m"), k = try dimension("--k"), n = try dimension("--n")
        if let size {
            guard m == nil, k == nil, n == nil else { throw UsageError("give --size or --m/--k/--n, not both") }
            return GemmShape(m: size, k: size, n: size)
        }
        guard let m, let k, let n else {
            if m == nil && k == nil && n == nil { throw UsageError("gemm needs --size N or --m M --k K --n N") }
            throw UsageError("gemm needs all of --m, --k and --n (missing \(m == nil ? "--m" : k == nil ? "--k" : "--n"))")
        }
        return GemmShape(m: m, k: k, n: n)
    }

    /// Exactly one of `--dims d0,…,dk`, `--preset NAME` and `--inputs a.npy b.npy …`
    /// (2 to `ProblemLimits.maximumFactors` files), `--seed S`, `--output y.npy`.
    public mutating func chainProblem() throws(UsageError) -> ChainProblem {
        let dimsText = try value("--dims")
        let presetText = try value("--preset")
        let inputs = try positionals(after: "--inputs")
        let seed = UInt64(try integer("--seed", minimum: 0) ?? 42)
        let outputPath = try value("--output")
        var problem: ChainProblem
        switch (dimsText, presetText, inputs.isEmpty) {
        case (let text?, nil, true):
            problem = ChainProblem(factors: .random(dims: try Self.chainDims(text)), seed: seed)
        case (nil, let name?, true):
            let preset = try Self.chainPreset(name)
            problem = ChainProblem(factors: .random(dims: preset.dims), presetName: preset.name, seed: seed)
        case (nil, nil, false):
            guard inputs.count >= 2 else { throw UsageError("--inputs needs at least two .npy files") }
            guard inputs.count <= ProblemLimits.maximumFactors else {
                throw UsageError("--inputs has \(inputs.count) files; at most \(ProblemLimits.maximumFactors) are supported")
            }
            problem = ChainProblem(factors: .files(inputs), seed: seed)
        case (nil, nil, true): throw UsageError("chain needs --dims d0,d1,...,dk, --preset NAME or --inputs a.npy b.npy ...")
        default: throw UsageError("give only one of --dims, --preset and --inputs")
        }
        if let outputPath, !outputPath.hasSuffix(".npy") {
            throw UsageError("--output \(outputPath) must name a .npy file")
        }
        problem.outputPath = outputPath
        return problem
    }

    /// "d0,d1,...,dk": at least three whole numbers from 1 to
    /// `ProblemLimits.maximumDimension` (spaces ignored), at most
    /// `ProblemLimits.maximumFactors` factors.
    public static func chainDims(_ text: String) throws(UsageError) -> [Int] {
        var dims: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = part.filter { $0 != " " }
            guard let value = Int(trimmed) else { throw UsageError("--dims \(text): '\(trimmed)' is not a whole number") }
            guard value >= 1 else { throw UsageError("--dims \(text): \(value) must be at least 1") }
            dims.append(try ProblemLimits.checkedDimension("--dims", value))
        }
        guard dims.count >= 3 else { throw UsageError("--dims \(text) needs at least three dimensions (two factors)") }
        guard dims.count - 1 <= ProblemLimits.maximumFactors else {
            throw UsageError("--dims has \(dims.count - 1) factors; at most \(ProblemLimits.maximumFactors) are supported")
        }
        return dims
    }

    /// The preset `--preset NAME` names.
    public static func chainPreset(_ name: String) throws(UsageError) -> ChainPreset {
        guard let found = ChainPreset.named(name) else {
            throw UsageError("--preset \(name) is not one of \(ChainPreset.names)")
        }
        return found
    }
}

extension ChainProblem {
    init(factors: Factors, presetName: String? = nil, seed: UInt64) {
        self.factors = factors
        self.presetName = presetName
        self.seed = seed
    }
}
