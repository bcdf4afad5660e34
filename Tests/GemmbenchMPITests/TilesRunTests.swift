import TestSupport
import Foundation
import Glibc
import Harness
import ResultRows
import Testing

/// `--algorithm tiles` under a real mpirun: gemmbench's own tile products and
/// chains on ranks (rank 0 coordinating and multiplying), in one shared
/// window or as messages over TCP; the refusals, the verdict every rank exits
/// with, and a rank that dies.
///
/// Nested in MPIRunTests, whose `.serialized` covers nested suites too: each
/// run starts up to 3 ranks on a 2-core machine, and no two mpirun jobs may
/// share the cores, /dev/shm or the killed-rank checks.
extension MPIRunTests {
    @Suite("gemmbench-mpi --algorithm tiles under mpirun")
    struct TilesRunTests {
        static let quick = MPIRunTests.quick
        static let tiles = ["--algorithm", "tiles"]

        @Test("n = 1000 and a prime shape pass on 2 and 3 ranks in one shared window", arguments: [
            (2, ["--size", "1000"]),
            (3, ["--size", "1000"]),
            (3, ["--m", "307", "--k", "211", "--n", "401", "--split", "3x2"]),
        ])
        func sharedWindow(ranks: Int, shape: [String]) async throws {
            let outcome = try await runMPI(ranks: ranks, ["gemm"] + shape + Self.tiles + Self.quick)
            MPIRunTests.expectPass(outcome, "-np \(ranks) \(shape)")
            #expect(outcome.stdout.contains("algorithm=tiles ranks=\(ranks) nodes=1 grid=-"), "\(outcome.stdout)")
            #expect(outcome.stdout.contains("transport=shm"), "\(outcome.stdout)")
        }

        @Test("message transport with every rank its own node (TCP): passes; the row says tiles, message, the split, grid -")
        func messagesAcrossNodes() async throws {
            let outcome = try await runMPI(ranks: 2, ["gemm", "--size", "1000", "--transport", "message", "--node-split", "rank", "--csv"]
                                           + Self.tiles + Self.quick)
            #expect(outcome.exitStatus == 0, "\(outcome.stderr)")
            let rows = try ResultRow.parseCSV(outcome.stdout, source: "stdout")
            let row = try #require(rows.first)
            #expect(row.verdict == .pass && row.workers == 2 && row.transport == .message && row.split == "2x1")
            #expect(row.backend == "mpi" && row.algorithm == "tiles" && row.ranks == 2 && row.nodes == 2 && row.grid == "-")
        }

        @Test("a chain with the parallel planner passes on 2 ranks, shared window and messages over TCP", arguments: [
            ["--node-split", "auto"], ["--transport", "message", "--node-split", "rank"],
        ])
        func parallelChain(options: [String]) async throws {
            let outcome = try await runMPI(ranks: 2, ["chain", "--preset", "mixed", "--planner", "parallel"] + options
                                           + Self.tiles + Self.quick)
            MPIRunTests.expectPass(outcome, "chain \(options)")
            #expect(outcome.stdout.contains("planner=parallel") && outcome.stdout.contains("7 products"), "\(outcome.stdout)")
        }

        @Test("a chain too small to gain from the ranks runs on rank 0 alone, and the report says why, as gemmbench's")
        func smallChainOnRankZero() async throws {
            let outcome = try await runMPI(ranks: 2, ["chain", "--dims", "30,40,50,20", "--planner", "parallel"] + Self.tiles + Self.quick)
            MPIRunTests.expectPass(outcome, "small chain")
            #expect(outcome.stdout.contains("plan: too small to gain from 2 workers"), "\(outcome.stdout)")
        }

        @Test("shm across nodes is refused on every rank with one line, exit 2", arguments: [
            // Refused while parsing, before MPI starts talking.
            ["--node-split", "rank"],
            // Refused once the ranks have counted their nodes (2 nodes of 1 rank).
            ["--node-split", "1"],
        ])
        func sharedWindowNeedsOneNode(split: [String]) async throws {
            let outcome = try await runMPI(ranks: 2, ["gemm", "--size", "64", "--transport", "shm"] + split + Self.tiles + Self.quick)
            #expect(outcome.exitStatus == 2, "\(outcome.stderr)")
            let lines = ownLines(outcome.stderr)
            #expect(lines.count == 1 && lines[0].contains("--transport shm needs every rank on one node"), "\(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
        }

        @Test("rank 0's verdict is every rank's exit status: a wrong C exits 1, a problem too large for memory 2")
        func statusFromRankZero() async throws {
            let wrong = try await runMPI(ranks: 2, ["gemm", "--size", "200"] + Self.tiles + Self.quick,
                                         environment: ["GEMMBENCH_FAULT": "corrupt-result"])
            #expect(wrong.exitStatus == 1, "\(wrong.stderr)")
            #expect(wrong.stdout.contains("FAIL") && ownLines(wrong.stderr).count == 1, "\(wrong.stderr)")
            // Found by rank 0 alone, inside GemmRunner, while rank 1 already serves.
            let huge = try await runMPI(ranks: 2, ["gemm", "--size", "2000000"] + Self.tiles + Self.quick)
            #expect(huge.exitStatus == 2, "\(huge.stderr)")
            #expect(ownLines(huge.stderr).count == 1 && huge.stderr.contains("are available"), "\(huge.stderr)")
        }

        @Test("a rank that stops answering is named once its task's deadline passes: exit 3, no rank runs on",
              arguments: [["--transport", "shm"], ["--transport", "message", "--node-split", "rank"]])
        func hungRank(options: [String]) async throws {
            let outcome = try await runMPI(ranks: 2, ["gemm", "--size", "300", "--repeat", "20", "--task-timeout", "1"]
                                           + options + Self.tiles,
                                           environment: ["GEMMBENCH_FAULT": "hang-rank"], timeout: 30)
            #expect(!outcome.timedOut, "mpirun had to be stopped: \(outcome.stderr)")
            #expect(outcome.exitStatus == 3, "\(outcome.stderr)")
            #expect(ownLines(outcome.stderr).contains { $0.contains("rank 1 sent no reply within 1.0 s for task C") }, "\(outcome.stderr)")
            #expect(!outcome.stdout.contains("PASS"))
            let deadline = MPIRun.now() + 5
            while MPIRun.now() < deadline, outcome.ranks.contains(where: isRunning) { usleep(10_000) }
            for pid in outcome.ranks { #expect(!isRunning(pid), "rank pid \(pid) still running") }
        }

        @Test("a rank killed during a tiles run ends the job non-zero, naming the rank; no rank runs on, nothing left in /dev/shm",
              arguments: [["--transport", "shm"], ["--transport", "message", "--node-split", "rank"]])
        func killedRank(options: [String]) async throws {
            try await expectKilledRankEndsTheJob(["gemm", "--size", "600", "--repeat", "50"] + options + Self.tiles)
        }
    }
}
