import TestSupport
import ChainPlanning
import Foundation
import GemmCore
import Glibc
import NumpyIO
import Testing
@testable import gemmbench_mpi

/// `gemmbench-mpi chain --inputs … --output …`: the options here; the mpirun
/// runs below, whose output must equal a product computed in the test and whose
/// failures must leave neither the output nor a temporary behind.
@Suite("gemmbench-mpi chain options for .npy inputs and output")
struct NpyChainOptionsTests {
    @Test("options: --inputs replaces --dims/--preset; --output must be a .npy file")
    func options() throws {
        let options = try MPIChainOptions.parse(["--inputs", "a.npy", "b.npy", "c.npy", "--output", "y.npy"], worldSize: 2)
        #expect(options.inputPaths == ["a.npy", "b.npy", "c.npy"] && options.outputPath == "y.npy" && options.dims.isEmpty)
        #expect(try MPIChainOptions.parse(["--dims", "3,4,5", "--output", "d/y.npy"], worldSize: 2).outputPath == "d/y.npy")
        for (arguments, message) in [
            (["--inputs", "a.npy"], "--inputs needs at least two .npy files"),
            (["--inputs", "a.npy", "b.npy", "--dims", "3,4,5"], "only one of --dims, --preset and --inputs"),
            (["--inputs", "a.npy", "b.npy", "--preset", "mixed"], "only one of --dims, --preset and --inputs"),
            (["--inputs"] + (0...maximumChainFactors).map { "f\($0).npy" }, "at most \(maximumChainFactors)"),
            (["--dims", "3,4,5", "--output", "y.csv"], "--output y.csv must name a .npy file"),
            ([], "--inputs a.npy b.npy"),
        ] {
            do {
                _ = try MPIChainOptions.parse(arguments, worldSize: 2)
                Issue.record("\(arguments) accepted")
            } catch {
                #expect("\(error)".contains(message), "\(arguments): \(error)")
            }
        }
    }

}

/// The runs join `MPIRunTests`, which is serialized: no two mpirun jobs (up
/// to 3 ranks each here) share the 2 cores or /dev/shm at once.
extension MPIRunTests {
    /// Prime extents, so no grid cuts them evenly.
    static let npyDims = [37, 23, 41, 19, 29]

    /// A fresh directory holding factor i of `npyDims` as fi.npy (values from seed 7 + i), removed afterwards.
    static func withNpyInputs<T>(_ body: (_ directory: String, _ paths: [String], _ factors: [Matrix]) async throws -> T) async throws -> T {
        let directory = makeTemporaryDirectory(prefix: "gemmbench-mpi-npy")
        defer { removeTemporaryDirectory(directory) }
        var paths: [String] = [], factors: [Matrix] = []
        for index in 0..<npyDims.count - 1 {
            let factor = Matrix.random(rows: npyDims[index], cols: npyDims[index + 1], seed: 7 + UInt64(index))
            let path = directory + "/f\(index).npy"
            try Npy.writeAtomically(path: path, rows: factor.rows, cols: factor.cols,
                                    from: UnsafePointer(factor.view.base), leadingDimension: factor.view.leadingDimension)
            paths.append(path)
            factors.append(factor)
        }
        return try await body(directory, paths, factors)
    }

    /// F₀·F₁·…, left to right with plain loops (no BLAS, no SUMMA), row-major.
    static func leftToRightProduct(_ factors: [Matrix]) -> [Double] {
        var product = (0..<factors[0].rows).flatMap { i in (0..<factors[0].cols).map { j in factors[0].view[i, j] } }
        var cols = factors[0].cols
        for factor in factors.dropFirst() {
            var next = [Double](repeating: 0, count: factors[0].rows * factor.cols)
            for i in 0..<factors[0].rows {
                for l in 0..<cols {
                    let left = product[i * cols + l]
                    for j in 0..<factor.cols { next[i * factor.cols + j] += left * factor.view[l, j] }
                }
            }
            product = next
            cols = factor.cols
        }
        return product
    }

    /// Hidden and visible names in `directory` other than the inputs.
    static func npyLeftovers(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { !($0.hasPrefix("f") && $0.hasSuffix(".npy")) }.sorted()
    }

    @Test("the written Y equals the product computed here, on 2 and 3 ranks, shared windows and TCP, SUMMA (also on sub-grids) and tiles", arguments: [
        (2, ["--node-split", "auto"]), (2, ["--node-split", "rank"]), (3, ["--node-split", "rank"]), (3, ["--node-split", "2"]),
        (2, ["--node-split", "rank", "--planner", "parallel"]), (3, ["--node-split", "rank", "--planner", "parallel"]),
        (2, ["--algorithm", "tiles", "--planner", "parallel"]),
        (3, ["--algorithm", "tiles", "--transport", "message", "--node-split", "rank", "--planner", "parallel"]),
    ])
    func npyOutputMatchesReference(ranks: Int, placement: [String]) async throws {
        try await Self.withNpyInputs { directory, paths, factors in
            let output = directory + "/y.npy"
            let outcome = try await runMPI(ranks: ranks, ["chain", "--inputs"] + paths
                                           + ["--output", output] + placement + Self.quick)
            #expect(outcome.exitStatus == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("PASS") && outcome.stdout.contains("wrote \(output)"), "\(outcome.stdout)")
            #expect(outcome.stdout.contains("dims=\(Self.npyDims.map(String.init).joined(separator: ","))"), "\(outcome.stdout)")
            if placement.contains("parallel") && !placement.contains("tiles") {
                #expect(outcome.stdout.contains("  plan: sub-grids: "), "SUMMA ran products side by side: \(outcome.stdout)")
            }
            let y = try Npy.read(path: output)
            #expect(y.rows == Self.npyDims.first && y.cols == Self.npyDims.last)
            let expected = Self.leftToRightProduct(factors)
            let scale = expected.map(abs).max() ?? 1
            let error = zip(y.values, expected).map { abs($0 - $1) }.max() ?? .infinity
            // Summation order differs from the loops here (panels, BLAS blocking): rounding only.
            #expect(y.values.count == expected.count && error <= 1e-13 * scale, "max error \(error) of \(scale)")
            #expect(try Self.npyLeftovers(directory) == ["y.npy"])
        }
    }

    @Test("bad inputs and destinations: exit 2 on every rank, one line naming the file, nothing written", arguments: [
        ("mismatch", "summa"), ("missing", "summa"), ("fortran", "summa"), ("float32", "summa"), ("no directory", "summa"),
        ("mismatch", "tiles"), ("missing", "tiles"), ("no directory", "tiles"),
        ("past the bound", "summa"), ("past the bound", "tiles"),
    ])
    func npyBadInputs(problem: String, algorithm: String) async throws {
        try await Self.withNpyInputs { directory, paths, _ in
            var inputs = paths, output = directory + "/y.npy"
            let message: String
            switch problem {
            case "mismatch":
                inputs = [paths[0], paths[2]]
                message = "does not chain with"
            case "missing":
                inputs[1] = directory + "/absent.npy"
                message = "absent.npy: cannot open for reading"
            case "fortran", "float32":
                // Same-length edits of the header text: the rest of the file stays valid.
                var bytes = try Data(contentsOf: URL(fileURLWithPath: paths[1]))
                let (old, new) = problem == "fortran" ? ("False", "True ") : ("'<f8'", "'<f4'")
                let range = try #require(bytes.range(of: Data(old.utf8)))
                bytes.replaceSubrange(range, with: Data(new.utf8))
                try bytes.write(to: URL(fileURLWithPath: paths[1]))
                message = problem == "fortran" ? "f1.npy: array is stored in Fortran" : "f1.npy: dtype '<f4' (float32) is not supported"
            case "past the bound":
                // Sparse files: an extent of 2^24 + 1, the bound gemmbench chain has too (issue 19).
                let wide = (1 << 24) + 1
                inputs = [directory + "/f-wide.npy", directory + "/f-tall.npy"]
                try writeSparseNpy(path: inputs[0], rows: 1, cols: wide)
                try writeSparseNpy(path: inputs[1], rows: wide, cols: 1)
                message = "f-wide.npy: shape (1, \(wide)) has a dimension larger than 16777216"
            default:
                output = directory + "/absent/y.npy"
                message = "--output \(output): cannot create a temporary file"
            }
            // Tiles read on rank 0 alone, so its ranks share one node's window.
            let placement = algorithm == "tiles" ? ["--algorithm", "tiles"] : ["--node-split", "rank"]
            let outcome = try await runMPI(ranks: 2, ["chain", "--inputs"] + inputs
                                           + ["--output", output] + placement + Self.quick)
            #expect(outcome.exitStatus == 2, "\(outcome.stderr)")
            let lines = ownLines(outcome.stderr)
            #expect(lines.count == 1 && lines.first?.contains(message) == true, "\(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
            #expect(try Self.npyLeftovers(directory).isEmpty)
        }
    }

    @Test("ranks that read different shapes from the same paths (no shared file system) are refused: exit 2, one line")
    func ranksSeeDifferentFiles() async throws {
        try await Self.withNpyInputs { directory, _, _ in
            // Two working directories whose f0.npy, f1.npy chain, but with another n.
            for (name, n) in [("a", 5), ("b", 6)] {
                try FileManager.default.createDirectory(atPath: directory + "/" + name, withIntermediateDirectories: false)
                for (index, shape) in [(3, 4), (4, n)].enumerated() {
                    let values = [Double](repeating: 1, count: shape.0 * shape.1)
                    try values.withUnsafeBufferPointer { buffer in
                        try Npy.writeAtomically(path: "\(directory)/\(name)/f\(index).npy", rows: shape.0, cols: shape.1,
                                                from: buffer.baseAddress!, leadingDimension: shape.1)
                    }
                }
            }
            let arguments = ["chain", "--inputs", "f0.npy", "f1.npy", "--node-split", "rank"] + Self.quick
            // mpirun's MPMD form: rank 0 runs in a/, rank 1 in b/.
            let second = [":", "-np", "1", "-wdir", directory + "/b", try #require(MPIRun.executable)] + arguments
            let outcome = try await runMPI(ranks: 1, arguments + second, launcherExtra: ["-wdir", directory + "/a"])
            #expect(outcome.exitStatus == 2, "\(outcome.stderr)")
            let lines = ownLines(outcome.stderr)
            #expect(lines.count == 1 && lines.first?.contains("the ranks read different shapes") == true, "\(outcome.stderr)")
        }
    }

    @Test("a wrong result (exit 1), a rank's failed read or write (exit 3, one line) or a killed rank leaves no output and no temporary",
          arguments: ["corrupt-result", "fail-output-write", "kill-rank-writing", "fail-input-read"])
    func npyFailuresLeaveNothing(fault: String) async throws {
        try await Self.withNpyInputs { directory, paths, _ in
            let outcome = try await runMPI(ranks: 2, ["chain", "--inputs"] + paths
                                           + ["--output", directory + "/y.npy", "--node-split", "rank"] + Self.quick,
                                           environment: ["GEMMBENCH_FAULT": fault])
            #expect(!outcome.timedOut, "\(outcome.stderr)")
            switch fault {
            case "corrupt-result":
                #expect(outcome.exitStatus == 1 && outcome.stdout.contains("FAIL") && !outcome.stdout.contains("wrote"), "\(outcome.stderr)")
                let lines = ownLines(outcome.stderr)
                #expect(lines.count == 1 && lines.first?.hasSuffix("y.npy not written") == true, "\(outcome.stderr)")
            case "fail-output-write", "fail-input-read":
                #expect(outcome.exitStatus == 3 && outcome.stdout.isEmpty, "\(outcome.stderr)")
                let message = fault == "fail-input-read" ? "f0.npy: cannot read data" : "y.npy: cannot write a block"
                let lines = ownLines(outcome.stderr)
                #expect(lines.count == 1 && lines.first?.contains(message) == true
                        && lines.first?.contains("rank 1 of 2") == true, "\(outcome.stderr)")
            default:
                #expect(outcome.exitStatus != 0 && outcome.stderr.contains("rank 1"), "\(outcome.stderr)")
                let deadline = MPIRun.now() + 5
                while MPIRun.now() < deadline, outcome.ranks.contains(where: isRunning) { usleep(10_000) }
                for pid in outcome.ranks { #expect(!isRunning(pid), "rank pid \(pid) still running") }
            }
            let left = try Self.npyLeftovers(directory)
            #expect(left.isEmpty, "left behind: \(left)")
        }
    }
}
