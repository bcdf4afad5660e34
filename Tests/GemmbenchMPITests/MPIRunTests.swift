import Foundation
import GemmCore
import Glibc
import Harness
import ResultRows
import Testing
import Vocabulary
import Platform

/// gemmbench-mpi under a real mpirun: products that pass on ranks that divide
/// n unevenly, the CSV row, a wrong answer, usage errors, a rank that dies.
///
/// Serialized: each run starts up to 4 ranks on a 2-core machine.
@Suite("gemmbench-mpi under mpirun", .serialized)
struct MPIRunTests {
    /// Not a multiple of 2, 3 or 4 ranks' natural blocks... (1000 = 3·333 + 1 and
    /// cuts into 2x2 blocks of 500 but 256-wide panels end mid-block).
    static let size = "1000"
    static let quick = ["--repeat", "1", "--warmup", "0"]

    /// The one result line: its residual and verdict.
    static func expectPass(_ outcome: MPIRun.Outcome, _ what: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.exitStatus == 0, "\(what): \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stdout.contains("PASS"), "\(what): \(outcome.stdout)", sourceLocation: sourceLocation)
        #expect(ownLines(outcome.stderr).isEmpty, "\(what): \(outcome.stderr)", sourceLocation: sourceLocation)
    }

    /// `--node-split 2` makes nodes of two ranks on this one machine: leaders
    /// broadcast over TCP into each node's shared window, both ranks compute.
    @Test("n = 1000 passes on 2, 3, 4 and 8 ranks, SUMMA and PDGEMM, shared windows and TCP", arguments: [
        (2, ["--node-split", "auto"]),
        (2, ["--node-split", "rank"]),
        (3, ["--node-split", "rank"]),
        (4, ["--node-split", "rank"]),
        (4, ["--node-split", "rank", "--grid", "4x1"]),
        (4, ["--node-split", "2"]),
        (3, ["--node-split", "2"]),
        (4, ["--node-split", "2", "--grid", "2x1"]),
        (8, ["--node-split", "2"]),
        (3, ["--node-split", "auto"]),
        (3, ["--algorithm", "pdgemm"]),
        (4, ["--algorithm", "pdgemm"]),
    ])
    func productsPass(ranks: Int, options: [String]) async throws {
        let outcome = try await runMPI(ranks: ranks, ["gemm", "--size", Self.size] + Self.quick + options)
        Self.expectPass(outcome, "-np \(ranks) \(options)")
        #expect(outcome.stdout.contains("ranks=\(ranks) "))
    }

    @Test("SUMMA with the Swift and naive kernels passes; the row names the kernel", arguments: ["swift", "naive"])
    func otherKernels(kernel: String) async throws {
        let outcome = try await runMPI(ranks: 3, ["gemm", "--m", "150", "--k", "170", "--n", "130", "--kernel", kernel,
                                                  "--node-split", "rank", "--csv"] + Self.quick)
        #expect(outcome.exitStatus == 0, "\(outcome.stderr)")
        let rows = try ResultRow.parseCSV(outcome.stdout, source: "stdout")
        #expect(rows.first?.kernel?.rawValue == kernel && rows.first?.verdict == .pass, "\(outcome.stdout)")
    }

    @Test("rectangular shapes smaller than the grid still pass")
    func oddShapes() async throws {
        for shape in [["--m", "301", "--k", "77", "--n", "513"], ["--m", "2", "--k", "1", "--n", "5"]] {
            for options in [["--node-split", "rank"], ["--algorithm", "pdgemm"]] {
                let outcome = try await runMPI(ranks: 4, ["gemm"] + shape + Self.quick + options)
                Self.expectPass(outcome, "\(shape) \(options)")
            }
        }
    }

    @Test("chains pass on 2 ranks, in one shared window and over TCP; the row says chain", arguments: ["auto", "rank"])
    func chainsPass(split: String) async throws {
        for preset in ["mixed", "skinny"] {
            let outcome = try await runMPI(ranks: 2, ["chain", "--preset", preset, "--node-split", split] + Self.quick)
            Self.expectPass(outcome, "chain \(preset) \(split)")
            #expect(outcome.stdout.contains("7 products"))
        }
        let csv = try await runMPI(ranks: 2, ["chain", "--dims", "30,20,40,10", "--csv", "--node-split", split] + Self.quick)
        let rows = try ResultRow.parseCSV(csv.stdout, source: "stdout")
        #expect(rows.first?.op == .chain && rows.first?.dims == [30, 20, 40, 10] && rows.first?.verdict == .pass)
    }

    @Test("a wrong chain result fails verification: exit 1")
    func wrongChainFails() async throws {
        let outcome = try await runMPI(ranks: 2, ["chain", "--dims", "50,40,30,20", "--node-split", "rank"] + Self.quick,
                                       environment: ["GEMMBENCH_FAULT": "corrupt-result"])
        #expect(outcome.exitStatus == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("FAIL"))
        #expect(ownLines(outcome.stderr).count == 1, "\(outcome.stderr)")
    }

    /// A `corrupt-result:1e-8:SEED` seed whose entry of an m×n result lies in
    /// columns [n/2, n) (`wantRight`) or [0, n/2): on a 1×2 grid, the other rank's half or rank 0's.
    static func seed(rows: Int, cols: Int, wantRight: Bool) -> Int {
        (1...1000).first { seed in
            (RelativeCorruption(relative: 1e-8, seed: UInt64(seed)).position(rows: rows, cols: cols).col >= cols / 2) == wantRight
        }!
    }

    @Test("1e-8·max|Y| in one entry fails on rank 0's part and on another rank's: chain, SUMMA, PDGEMM, tiles",
          arguments: [["chain", "--preset", "mixed"], ["gemm", "--size", "1000", "--grid", "1x2", "--node-split", "rank"],
                      ["gemm", "--size", "1000", "--algorithm", "pdgemm", "--grid", "1x2"],
                      ["gemm", "--size", "1000", "--algorithm", "tiles"]])
    func relativeErrorFails(arguments: [String]) async throws {
        let (rows, cols) = arguments[0] == "chain" ? (2000, 800) : (1000, 1000)
        let clean = try await runMPI(ranks: 2, arguments + Self.quick + ["--csv"], timeout: 120)
        #expect(clean.exitStatus == 0, "\(arguments): \(clean.stderr)")
        let row = try #require(try ResultRow.parseCSV(clean.stdout, source: "stdout").first)
        #expect(row.verdict == .pass && (row.detectionLimit ?? 1) <= 1e-9, "\(arguments): detect_rel \(String(describing: row.detectionLimit))")
        for wantRight in [false, true] {
            let seed = Self.seed(rows: rows, cols: cols, wantRight: wantRight)
            let outcome = try await runMPI(ranks: 2, arguments + Self.quick,
                                           environment: ["GEMMBENCH_FAULT": "corrupt-result:1e-8:\(seed)"], timeout: 120)
            #expect(outcome.exitStatus == 1, "\(arguments) seed \(seed): \(outcome.stderr)")
            #expect(outcome.stdout.contains("FAIL") && outcome.stderr.contains("verification FAILED"))
        }
    }

    @Test("--csv: one header and one row that Harness reads, with backend, ranks, nodes, grid, algorithm")
    func csvRow() async throws {
        let outcome = try await runMPI(ranks: 2, ["gemm", "--size", "300", "--csv", "--node-split", "rank"] + Self.quick)
        #expect(outcome.exitStatus == 0, "\(outcome.stderr)")
        let rows = try ResultRow.parseCSV(outcome.stdout, source: "stdout")
        #expect(rows.count == 1 && rows.first?.verdict == .pass && rows.first?.m == 300 && rows.first?.workers == 2)
        let lines = outcome.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.count == 2)
        guard lines.count == 2 else { return }
        let cell = Dictionary(uniqueKeysWithValues: zip(lines[0], lines[1]))
        #expect(cell["backend"] == "mpi" && cell["ranks"] == "2" && cell["nodes"] == "2")
        #expect(cell["grid"] == "1x2" && cell["algorithm"] == "summa")
        #expect(cell["node_split"] == "rank" && cell["grid_given"] == "" && cell["samples_s"] == nil)
    }

    @Test("--csv --samples: the row's last column samples_s holds every timed run, as gemmbench's does")
    func csvSamples() async throws {
        let outcome = try await runMPI(ranks: 2, ["gemm", "--size", "120", "--csv", "--samples", "--grid", "1x2",
                                                  "--algorithm", "pdgemm"] + Self.quick)
        #expect(outcome.exitStatus == 0, "\(outcome.stderr)")
        let rows = try ResultRow.parseCSV(outcome.stdout, source: "stdout")
        let row = try #require(rows.first)
        #expect(outcome.stdout.split(separator: "\n").first?.hasSuffix(",\(ResultRow.samplesColumn)") == true)
        let samples = try #require(row.samples)
        #expect(samples.count == row.reps && samples.allSatisfy { $0 > 0 })
        #expect(samples.min() == row.minSeconds && samples.max() == row.maxSeconds)
        #expect(row.algorithm == "pdgemm" && row.nodeSplit == "auto" && row.gridGiven == true && row.grid == "1x2")
    }

    @Test("a wrong C fails verification: exit 1, FAIL in the row, one line from rank 0",
          arguments: [["--node-split", "rank"], ["--node-split", "auto"], ["--algorithm", "pdgemm"]])
    func wrongResultFails(options: [String]) async throws {
        let outcome = try await runMPI(ranks: 2, ["gemm", "--size", "200"] + Self.quick + options,
                                       environment: ["GEMMBENCH_FAULT": "corrupt-result"])
        #expect(outcome.exitStatus == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("FAIL") && !outcome.stdout.contains("PASS"))
        #expect(ownLines(outcome.stderr).count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("verification FAILED"))
    }

    @Test("usage errors: exit 2 on every rank, one line naming the mistake", arguments: [
        (["gemm", "--size", "abc"], "--size abc is not a whole number"),
        (["gemm", "--size", "64", "--grid", "3x1", "--node-split", "rank"], "--grid 3x1 has 3 members but this job has 2 ranks"),
        (["gemm", "--size", "64", "--grid", "1x2"], "this job has 1 node"),
        (["gemm", "--size", "64", "--bogus"], "unknown option --bogus"),
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["gemm", "--size", "2000000"], "more than it has available"),
        (["gemm", "--size", "2000000", "--node-split", "rank"], "more than it has available"),
        (["gemm", "--size", "2000000", "--algorithm", "pdgemm"], "more than it has available"),
        (["chain", "--dims", "1000000,1000000,1000000"], "more than it has available"),
        (["chain", "--dims", "100000,100000,100000,100000,100000", "--planner", "parallel", "--node-split", "rank"],
         "more than it has available"),
    ])
    func usageErrors(arguments: [String], message: String) async throws {
        let outcome = try await runMPI(ranks: 2, arguments)
        #expect(outcome.exitStatus == 2, "\(outcome.stderr)")
        let lines = ownLines(outcome.stderr)
        #expect(lines.count == 1, "expected one line, got: \(outcome.stderr)")
        #expect(lines.first?.contains(message) == true, "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
    }

    @Test("memory is counted per machine: 4 one-rank nodes whose blocks each fit but together do not are refused")
    func memorySummedPerMachine() async throws {
        // A, B and C take 24·n² bytes: twice what is available, so each of the
        // 4 ranks' quarter (half of what is available) would fit on its own.
        let n = Int((2 * Double(MachineInfo.availableMemoryBytes()) / 24).squareRoot())
        let outcome = try await runMPI(ranks: 4, ["gemm", "--size", String(n), "--node-split", "rank"] + Self.quick)
        #expect(outcome.exitStatus == 2, "\(outcome.stderr)")
        #expect(ownLines(outcome.stderr).count == 1 && outcome.stderr.contains("more than it has available"), "\(outcome.stderr)")
    }

    @Test("no command: exit 2 and the usage once, from rank 0 only")
    func noCommand() async throws {
        let outcome = try await runMPI(ranks: 2, [])
        #expect(outcome.exitStatus == 2, "\(outcome.stderr)")
        #expect(outcome.stderr.components(separatedBy: "usage: mpirun -np P gemmbench-mpi").count == 2, "\(outcome.stderr)")
    }

    @Test("an MPI call that fails on every rank: exit 3, each rank names itself and the call")
    func failedMPICall() async throws {
        // Open MPI's osc/ucx cannot make shared windows: forcing it makes
        // MPI_Win_allocate_shared return an error, which must not pass silently.
        let outcome = try await runMPI(ranks: 2, ["gemm", "--size", "64"] + Self.quick,
                                       launcherExtra: ["--mca", "osc", "ucx"])
        #expect(outcome.exitStatus == 3, "\(outcome.stderr)")
        let lines = ownLines(outcome.stderr)
        #expect(!lines.isEmpty && lines.allSatisfy { $0.contains("MPI_Win_allocate_shared failed") }, "\(outcome.stderr)")
        #expect(lines.contains { $0.contains("rank 0 of 2") } || lines.contains { $0.contains("rank 1 of 2") })
        #expect(outcome.stdout.isEmpty)
    }

    @Test("a rank killed mid-run ends the job non-zero, naming the rank; no rank runs on, nothing left in /dev/shm",
          arguments: ["auto", "rank"])
    func killedRank(split: String) async throws {
        try await expectKilledRankEndsTheJob(["gemm", "--size", "600", "--repeat", "50", "--node-split", split])
    }
}
