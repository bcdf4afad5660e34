import Glibc
import TestSupport
import Testing

/// The runs join `MPIRunTests`, which is serialized (no two mpirun jobs at once).
extension MPIRunTests {
    /// Prime extents, so no grid or node cuts them evenly; on 2 to 4 nodes the
    /// parallel planner's tree has products that run side by side.
    static let subgridDims = "101,97,89,103,83,107,79"

    @Test("chain --planner parallel on SUMMA passes on sub-grids: 2, 3 (uneven) and 4 one-rank nodes, nodes of 2 ranks", arguments: [
        (2, ["--node-split", "rank"]),
        (3, ["--node-split", "rank"]),
        (4, ["--node-split", "rank"]),
        (4, ["--node-split", "2"]),
        (3, ["--node-split", "2"]),
    ])
    func parallelChainOnSubgrids(ranks: Int, options: [String]) async throws {
        let outcome = try await runMPI(ranks: ranks, ["chain", "--dims", Self.subgridDims, "--planner", "parallel"] + Self.quick + options)
        Self.expectPass(outcome, "-np \(ranks) \(options)")
        #expect(outcome.stdout.contains("planner=parallel") && outcome.stdout.contains("algorithm=summa"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("  plan: sub-grids: "), "some products ran side by side: \(outcome.stdout)")
    }

    @Test("chain --planner parallel on one node says why every product ran on the whole grid")
    func parallelChainOnOneNode() async throws {
        let outcome = try await runMPI(ranks: 2, ["chain", "--dims", Self.subgridDims, "--planner", "parallel"] + Self.quick)
        Self.expectPass(outcome, "one node")
        #expect(outcome.stdout.contains("  plan: one node: every product ran on the whole grid"), "\(outcome.stdout)")
    }

    @Test("a rank killed mid-chain on sub-grids ends the job non-zero; no rank runs on, nothing left in /dev/shm")
    func killedRankOnSubgrids() async throws {
        let shmBefore = sharedMemoryEntries()
        let outcome = try await runMPI(ranks: 3, ["chain", "--dims", Self.subgridDims, "--planner", "parallel", "--repeat", "50",
                                                  "--node-split", "2"],
                                       environment: ["GEMMBENCH_FAULT": "kill-rank"], timeout: 60)
        #expect(!outcome.timedOut, "mpirun had to be stopped: \(outcome.stderr)")
        #expect(outcome.exitStatus != 0, "the job must fail")
        #expect(!outcome.stdout.contains("PASS"), "no result from a broken job")
        #expect(outcome.ranks.count == 3, "every rank was seen: \(outcome.ranks)")
        let deadline = MPIRun.now() + 5
        while MPIRun.now() < deadline, outcome.ranks.contains(where: isRunning) { usleep(10_000) }
        for pid in outcome.ranks { #expect(!isRunning(pid), "rank pid \(pid) still running") }
        let left = sharedMemoryEntries().subtracting(shmBefore).filter { !$0.hasPrefix("gemmbench-") }
        #expect(left.isEmpty, "left in /dev/shm: \(left)")
    }
}
