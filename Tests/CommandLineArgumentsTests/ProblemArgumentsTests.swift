import ChainPlanning
import CommandLineArguments
import NumpyIO
import Testing
import Vocabulary

/// The one problem parser both executables use: its limits at and one past
/// each bound, and its mistakes.
@Suite("problem arguments")
struct ProblemArgumentsTests {
    static let limit = ProblemLimits.maximumDimension

    /// The message of the usage error `body` throws, or nil when it throws none.
    func usageError<T>(_ body: () throws(UsageError) -> T) -> String? {
        do { _ = try body(); return nil } catch { return error.description }
    }

    func gemm(_ arguments: [String]) throws(UsageError) -> GemmShape {
        var list = ArgumentList(arguments)
        return try list.gemmShape()
    }

    func chain(_ arguments: [String]) throws(UsageError) -> ChainProblem {
        var list = ArgumentList(arguments)
        return try list.chainProblem()
    }

    static func dims(_ count: Int) -> String { Array(repeating: "2", count: count).joined(separator: ",") }

    @Test("one bound for both executables: 2^24, small enough for 32-bit ScaLAPACK and for byte counts in Int")
    func oneDimensionBound() {
        #expect(Self.limit == 1 << 24)
        #expect(Self.limit <= Int(Int32.max), "ScaLAPACK's descriptors and MPI's counts hold 32-bit integers")
        let (bytes, overflow) = (8 * Self.limit).multipliedReportingOverflow(by: Self.limit)
        #expect(!overflow && bytes <= 1 << 51, "a matrix's byte count stays far from Int's range")
        #expect(ProblemLimits.maximumFactors == maximumChainFactors && ProblemLimits.maximumFactors == 64)
    }

    @Test("every gemm dimension flag takes the bound and refuses one past it", arguments: ["--size", "--m", "--k", "--n"])
    func gemmDimensionBound(flag: String) throws {
        func arguments(_ value: Int) -> [String] {
            if flag == "--size" { return ["--size", "\(value)"] }
            return ["--m", "--k", "--n"].flatMap { [$0, $0 == flag ? "\(value)" : "1"] }
        }
        let atLimit = try gemm(arguments(Self.limit))
        #expect([atLimit.m, atLimit.k, atLimit.n].contains(Self.limit))
        #expect(usageError { () throws(UsageError) in try gemm(arguments(Self.limit + 1)) }
                == "\(flag) \(Self.limit + 1) is larger than \(Self.limit)")
    }

    @Test("gemm shapes: --size or all of --m --k --n")
    func gemmShapes() throws {
        #expect(try gemm(["--size", "7"]) == GemmShape(m: 7, k: 7, n: 7))
        #expect(try gemm(["--m", "2", "--k", "3", "--n", "4"]) == GemmShape(m: 2, k: 3, n: 4))
        #expect(usageError { () throws(UsageError) in try gemm(["--size", "4", "--m", "4"]) } == "give --size or --m/--k/--n, not both")
        #expect(usageError { () throws(UsageError) in try gemm(["--m", "4", "--k", "4"]) } == "gemm needs all of --m, --k and --n (missing --n)")
        #expect(usageError { () throws(UsageError) in try gemm([]) } == "gemm needs --size N or --m M --k K --n N")
        #expect(usageError { () throws(UsageError) in try gemm(["--size", "0"]) } == "--size 0 must be at least 1")
    }

    @Test("--dims: each dimension within the bound, 2 to 64 factors")
    func dimsBounds() throws {
        #expect(try ArgumentList.chainDims("\(Self.limit),1,\(Self.limit)") == [Self.limit, 1, Self.limit])
        #expect(usageError { () throws(UsageError) in try ArgumentList.chainDims("4,\(Self.limit + 1),4") }
                == "--dims \(Self.limit + 1) is larger than \(Self.limit)")
        #expect(try ArgumentList.chainDims(Self.dims(65)).count == 65, "64 factors are accepted")
        #expect(usageError { () throws(UsageError) in try ArgumentList.chainDims(Self.dims(66)) }
                == "--dims has 65 factors; at most 64 are supported")
        #expect(usageError { () throws(UsageError) in try ArgumentList.chainDims("4,4") }
                == "--dims 4,4 needs at least three dimensions (two factors)")
        #expect(usageError { () throws(UsageError) in try ArgumentList.chainDims("4,x,4") } == "--dims 4,x,4: 'x' is not a whole number")
        #expect(usageError { () throws(UsageError) in try ArgumentList.chainDims("4,0,4") } == "--dims 4,0,4: 0 must be at least 1")
        #expect(try ArgumentList.chainDims("4, 5 ,6") == [4, 5, 6], "spaces are ignored")
    }

    @Test("--inputs: 2 to 64 files; each file's extents within the bound")
    func inputsBounds() throws {
        let sixtyFour = (0..<64).map { "f\($0).npy" }
        #expect(try chain(["--inputs"] + sixtyFour).factors == .files(sixtyFour))
        #expect(usageError { () throws(UsageError) in try chain(["--inputs"] + sixtyFour + ["f64.npy"]) }
                == "--inputs has 65 files; at most 64 are supported")
        #expect(usageError { () throws(UsageError) in try chain(["--inputs", "a.npy"]) } == "--inputs needs at least two .npy files")

        let fits = [NpyHeader(path: "a.npy", rows: 1, cols: Self.limit, dataOffset: 128),
                    NpyHeader(path: "b.npy", rows: Self.limit, cols: 1, dataOffset: 128)]
        try ProblemLimits.checkChainInputs(fits)
        let tooWide = [NpyHeader(path: "a.npy", rows: 1, cols: Self.limit + 1, dataOffset: 128),
                       NpyHeader(path: "b.npy", rows: Self.limit + 1, cols: 1, dataOffset: 128)]
        #expect(usageError { () throws(UsageError) in try ProblemLimits.checkChainInputs(tooWide) }
                == "a.npy: shape (1, \(Self.limit + 1)) has a dimension larger than \(Self.limit)")
        let unchained = [NpyHeader(path: "a.npy", rows: 2, cols: 3, dataOffset: 128),
                         NpyHeader(path: "b.npy", rows: 4, cols: 2, dataOffset: 128)]
        #expect(usageError { () throws(UsageError) in try ProblemLimits.checkChainInputs(unchained) }?.contains("does not chain") == true)
    }

    @Test("a chain problem: one source, its preset, seed and output")
    func chainProblems() throws {
        let preset = try chain(["--preset", "mixed", "--seed", "7", "--output", "y.npy"])
        #expect(preset.factors == .random(dims: ChainPreset.mixed.dims) && preset.presetName == "mixed")
        #expect(preset.seed == 7 && preset.outputPath == "y.npy")
        let dims = try chain(["--dims", "3,4,5"])
        #expect(dims.factors == .random(dims: [3, 4, 5]) && dims.presetName == nil && dims.seed == 42 && dims.outputPath == nil)
        #expect(usageError { () throws(UsageError) in try chain([]) }
                == "chain needs --dims d0,d1,...,dk, --preset NAME or --inputs a.npy b.npy ...")
        #expect(usageError { () throws(UsageError) in try chain(["--dims", "3,4,5", "--preset", "mixed"]) }
                == "give only one of --dims, --preset and --inputs")
        #expect(usageError { () throws(UsageError) in try chain(["--preset", "mixed", "--inputs", "a.npy", "b.npy"]) }
                == "give only one of --dims, --preset and --inputs")
        #expect(usageError { () throws(UsageError) in try chain(["--preset", "huge"]) }
                == "--preset huge is not one of \(ChainPreset.names)")
        #expect(usageError { () throws(UsageError) in try chain(["--dims", "3,4,5", "--output", "y.txt"]) }
                == "--output y.txt must name a .npy file")
        #expect(usageError { () throws(UsageError) in try chain(["--dims", "3,4,5", "--seed", "-1"]) } == "--seed -1 must be at least 0")
    }
}
