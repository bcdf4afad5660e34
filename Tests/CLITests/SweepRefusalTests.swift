import Foundation
import Testing
import TestSupport

/// Suites a sweep must refuse before any work (issue 17, items 5, 9 and 14):
/// exit 2, one line naming what is wrong, nothing written.
@Suite("gemmbench sweep refusals")
struct SweepRefusalTests {
    static func sweep(suite text: String, environment: [String: String] = [:]) async throws
        -> (outcome: ChildProcess.Outcome, wroteResults: Bool) {
        let directory = makeTemporaryDirectory(prefix: "gemmbench-refusal")
        defer { removeTemporaryDirectory(directory) }
        try text.write(toFile: directory + "/s.suite", atomically: true, encoding: .utf8)
        let outcome = try await runGemmbench(["sweep", "--suite", directory + "/s.suite", "--out", directory + "/results"],
                                             environment: environment, timeout: 60)
        return (outcome, FileManager.default.fileExists(atPath: directory + "/results"))
    }

    @Test("a size whose n³ overflows: exit 2, one line naming it (was SIGILL in SweepPlan)")
    func sizeOverflow() async throws {
        let (outcome, wrote) = try await Self.sweep(suite: "min_reps = 2\nmin_seconds = 0\n[gemm]\nsizes = 2097152\n"
                                                    + "kernels = blas\nworkers = 1\nthreads = 1\n")
        #expect(outcome.status == .exited(2), "\(outcome.stderr)")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("2097152"), "\(outcome.stderr)")
        #expect(!wrote)
    }

    @Test("more configurations than the limit: exit 2, one line, at once")
    func tooManyConfigurations() async throws {
        let sizes = (1...2000).map(String.init).joined(separator: ", ")
        let (outcome, wrote) = try await Self.sweep(suite: "min_reps = 2\nmin_seconds = 0\n[gemm]\nsizes = \(sizes)\n"
                                                    + "kernels = blas, swift, naive\nworkers = 1, 2, 3, 4\nthreads = 1, 2\n")
        #expect(outcome.status == .exited(2), "\(outcome.stderr)")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("10000 configurations"), "\(outcome.stderr)")
        #expect(!wrote)
        #expect(outcome.seconds < 20, "took \(outcome.seconds) s")
    }

    @Test("[mpi] rows with no mpirun on PATH: exit 2, one line naming mpirun")
    func missingMpirun() async throws {
        let empty = makeTemporaryDirectory(prefix: "gemmbench-empty-path")
        defer { removeTemporaryDirectory(empty) }
        let (outcome, wrote) = try await Self.sweep(suite: "min_reps = 2\nmin_seconds = 0\n[mpi]\nsizes = 64\nranks = 2\n",
                                                    environment: ["PATH": empty])
        #expect(outcome.status == .exited(2), "\(outcome.stderr)")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("mpirun is not on PATH"), "\(outcome.stderr)")
        #expect(!wrote)
    }
}
