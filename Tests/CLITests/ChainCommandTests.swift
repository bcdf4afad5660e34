import TestSupport
import Foundation
import Glibc
import Testing

/// `gemmbench chain` and `gemmbench plan` as a user runs them: rows, .npy
/// output, refusals, and a worker dying in the middle of a chain.
@Suite("gemmbench chain and plan", .serialized)
struct ChainCommandTests {
    /// 66 dims: one factor past `maximumChainFactors`.
    static let sixtyFiveFactors: String = Array(repeating: "2", count: 66).joined(separator: ",")

    static func scratch(_ name: String) -> String { "/tmp/gemmbench-cli-\(getpid())-\(name)" }

    @Test("a preset chain prints one PASS row with the preset, planner and dims")
    func presetRow() async throws {
        let outcome = try await runGemmbench(["chain", "--dims", "20,30,10,40,5", "--planner", "parallel",
                                              "--workers", "2", "--repeat", "2", "--csv"])
        #expect(outcome.status == .exited(0), "stderr: \(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 2)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let row = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        try #require(header.count == row.count)
        let cell = Dictionary(uniqueKeysWithValues: zip(header, row))
        #expect(cell["op"] == "chain" && cell["dims"] == "20x30x10x40x5" && cell["planner"] == "parallel")
        #expect(cell["workers"] == "2" && cell["transport"] == "shm" && cell["verdict"] == "PASS")
        #expect(cell["m"] == "" && cell["split"] == "")
    }

    @Test("--output writes a float64 .npy that numpy loads with the result's shape")
    func outputMatchesNumpy() async throws {
        let out = Self.scratch("y.npy")
        defer { unlink(out) }
        let outcome = try await runGemmbench(["chain", "--dims", "7,5,3,9", "--seed", "11", "--workers", "2",
                                              "--transport", "message", "--output", out, "--repeat", "1"])
        #expect(outcome.status == .exited(0), "stderr: \(outcome.stderr)")
        #expect(access(out, R_OK) == 0)
        // Shape and finiteness via numpy (the values were verified by gemmbench's own residual).
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import numpy as np, sys; y = np.load(sys.argv[1]); "
                           + "assert y.shape == (7, 9) and y.dtype == np.float64 and np.isfinite(y).all()", out]
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
    }

    @Test("a result that fails verification exits 1 and leaves no output file")
    func failedVerificationWritesNothing() async throws {
        let out = Self.scratch("failed.npy")
        unlink(out)
        let outcome = try await runGemmbench(["chain", "--dims", "6,4,8", "--output", out, "--repeat", "1"],
                                             environment: ["GEMMBENCH_FAULT": "corrupt-result"])
        #expect(outcome.status == .exited(1), "stderr: \(outcome.stderr)")
        #expect(outcome.stdout.contains("FAIL"))
        #expect(outcome.stderr.contains("not written"))
        #expect(access(out, F_OK) != 0, "a failed result was written")
    }

    @Test("refusals exit 2 with one line naming what is wrong", arguments: [
        (["chain"], "--dims"),
        (["chain", "--dims", "5"], "at least three"),
        (["chain", "--dims", "5,x,3"], "'x'"),
        (["chain", "--dims", "5,0,3"], "at least 1"),
        (["chain", "--preset", "cubic"], "square|mixed|skinny"),
        (["chain", "--preset", "mixed", "--dims", "2,3,4"], "only one"),
        (["chain", "--dims", "2,3,4", "--planner", "greedy"], "--planner greedy"),
        (["chain", "--dims", "2,3,4", "--output", "/tmp/y.txt"], ".npy"),
        (["chain", "--inputs", "/nonexistent/a.npy", "/nonexistent/b.npy"], "/nonexistent/a.npy"),
        (["chain", "--inputs", "/dev/zero", "/dev/zero"], "not a regular file"),
        (["chain", "--dims", "2,3,4", "--output", "/etc/passwd/y.npy"], "Not a directory"),
        (["chain", "--dims", "2,3,4", "--output", "/proc/y.npy"], "/proc/y.npy"),
        (["chain", "--dims", "100000,100000,100000"], "bytes"),
        (["plan", "--dims", "3,4"], "3"),
        (["chain", "--dims", ChainCommandTests.sixtyFiveFactors], "at most 64"),
        (["plan", "--dims", ChainCommandTests.sixtyFiveFactors], "at most 64"),
        (["plan", "--preset", "square", "--workers", "-2"], "--workers"),
    ])
    func refusals(arguments: [String], mention: String) async throws {
        let outcome = try await runGemmbench(arguments)
        #expect(outcome.status == .exited(2), "\(arguments): \(outcome.stderr)")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains(mention), "\(arguments): \(outcome.stderr)")
    }

    @Test("an --inputs file with an extent past 2^24 is refused before any work (the bound gemmbench-mpi has too)")
    func inputPastDimensionBound() async throws {
        let directory = Self.scratch("wide-inputs")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let wide = (1 << 24) + 1
        try writeSparseNpy(path: directory + "/a.npy", rows: 1, cols: wide)
        try writeSparseNpy(path: directory + "/b.npy", rows: wide, cols: 1)
        let outcome = try await runGemmbench(["chain", "--inputs", directory + "/a.npy", directory + "/b.npy"])
        #expect(outcome.status == .exited(2), "\(outcome.stderr)")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("a.npy: shape (1, \(wide)) has a dimension larger than 16777216"), "\(outcome.stderr)")
    }

    @Test("an --output in a missing directory is refused before any work (exit 2 at once, not after the chain)")
    func outputDirectoryCheckedFirst() async throws {
        // Two 4000³ products: many seconds of work that must not happen.
        let outcome = try await runGemmbench(["chain", "--dims", "4000,4000,4000,4000",
                                              "--output", "/no/such/dir/y.npy"])
        #expect(outcome.status == .exited(2), "stderr: \(outcome.stderr)")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("/no/such/dir/y.npy") && outcome.stderr.contains("No such file or directory"),
                "stderr: \(outcome.stderr)")
        #expect(outcome.seconds < 2, "took \(outcome.seconds) s: it computed first")
    }

    @Test("SIGINT / SIGTERM while --output is being written: exit 128+signal, the temporary removed, no output",
          arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func interruptedOutput(signal: Int32, expectedStatus: Int32) async throws {
        let directory = Self.scratch("out-\(signal)")
        _ = try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let child = try ChildProcess(["chain", "--dims", "30,40,50", "--output", directory + "/y.npy", "--repeat", "1"],
                                     environment: ["GEMMBENCH_FAULT": "stall-output"], timeout: 30)
        defer { child.terminate() }
        // The hook stops the coordinator once the temporary is written.
        let writing = await waitUntil(timeout: 20) {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).contains { $0.hasPrefix(".y.npy.tmp-") }
        }
        try #require(writing, "no temporary appeared; stderr: \(child.stderrSoFar)")
        let signalledAt = ChildProcess.now()
        child.send(signal)
        let outcome = await child.wait()
        #expect(outcome.status == .exited(expectedStatus), "stderr: \(outcome.stderr)")
        #expect(outcome.endedAt - signalledAt < 2, "took \(outcome.endedAt - signalledAt) s")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty, "temporary or output left behind")
    }

    @Test("a FIFO given to --inputs is refused at once instead of waiting for a writer")
    func fifoInput() async throws {
        let fifo = Self.scratch("fifo.npy")
        unlink(fifo)
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        let outcome = try await runGemmbench(["chain", "--inputs", fifo, fifo], timeout: 20)
        #expect(outcome.status == .exited(2), "stderr: \(outcome.stderr)")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("not a regular file"), "stderr: \(outcome.stderr)")
        #expect(outcome.seconds < 2, "took \(outcome.seconds) s")
    }

    @Test("a worker dying mid-chain: exit 3 naming the worker and its product, nothing left behind")
    func workerDiesMidChain() async throws {
        let shmBefore = sharedMemoryEntries()
        let child = try ChildProcess(["chain", "--dims", "40,30,20,50,10,30", "--planner", "tree",
                                      "--workers", "2", "--repeat", "3"],
                                     environment: ["GEMMBENCH_FAULT": "worker-exit"], timeout: 30)
        let outcome = await child.wait()
        #expect(outcome.status == .exited(3), "stderr: \(outcome.stderr)")
        #expect(outcome.seconds < 5)
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("worker") && outcome.stderr.contains("·"), "the product is named: \(outcome.stderr)")
        #expect(workersOf(parent: child.pid).isEmpty)
        for pid in outcome.observedChildren { #expect(survivor(pid) == nil) }
        #expect(sharedMemoryEntries().subtracting(shmBefore).isEmpty)
    }

    @Test("plan explains the tree planner's schedule without computing")
    func planText() async throws {
        let outcome = try await runGemmbench(["plan", "--preset", "square", "--planner", "tree", "--workers", "2"])
        #expect(outcome.status == .exited(0))
        #expect(outcome.stdout.contains("(((A·B)·(C·D))·((E·F)·(G·H)))"))
        #expect(outcome.stdout.contains("total"))
    }
}
