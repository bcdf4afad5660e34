import Foundation
import TestSupport
import Testing

/// The promise, run as a user runs it: with `GEMMBENCH_FAULT=corrupt-result:1e-8`
/// (1e-8·max|Y| added to one seeded entry) every preset chain and a 2-worker gemm
/// exit 1 with FAIL; without it they pass and report a detection limit ≤ 1e-9.
@Suite("a 1e-8 error is caught on every path", .serialized)
struct VerificationPowerCLITests {
    static func cells(_ stdout: String) throws -> [String: String] {
        let lines = stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        try #require(lines.count == 2 && lines[0].count == lines[1].count, "\(stdout)")
        return Dictionary(uniqueKeysWithValues: zip(lines[0], lines[1]))
    }

    static let chainRuns: [[String]] = ["square", "mixed", "skinny"].flatMap { preset in
        [["chain", "--preset", preset], ["chain", "--preset", preset, "--workers", "2", "--planner", "parallel"]]
    }

    @Test("chains and a 2-worker gemm: clean runs pass with detect_rel ≤ 1e-9", arguments: chainRuns + [["gemm", "--size", "1000", "--workers", "2"]])
    func cleanRunsPass(arguments: [String]) async throws {
        let outcome = try await runGemmbench(arguments + ["--repeat", "1", "--warmup", "0", "--csv"], timeout: 120)
        #expect(outcome.status == .exited(0), "\(arguments): \(outcome.stderr)")
        let row = try Self.cells(outcome.stdout)
        #expect(row["verdict"] == "PASS")
        let limit = try #require(row["detect_rel"].flatMap(Double.init), "\(arguments): no detect_rel")
        #expect(limit > 0 && limit <= 1e-9, "\(arguments): detect_rel \(limit)")
        #expect(row["check_s"].flatMap(Double.init).map { $0 > 0 } == true)
    }

    @Test("chains and a 2-worker gemm: 1e-8·max|Y| in one entry fails, at several positions",
          arguments: chainRuns + [["gemm", "--size", "1000", "--workers", "2"]])
    func relativeErrorFails(arguments: [String]) async throws {
        for seed in [1, 2] {
            let outcome = try await runGemmbench(arguments + ["--repeat", "1", "--warmup", "0", "--csv"],
                                                 environment: ["GEMMBENCH_FAULT": "corrupt-result:1e-8:\(seed)"], timeout: 120)
            #expect(outcome.status == .exited(1), "\(arguments) seed \(seed): \(outcome.stderr)")
            #expect(try Self.cells(outcome.stdout)["verdict"] == "FAIL")
            #expect(outcome.stderr.contains("verification FAILED"))
        }
    }

    @Test("the text report prints the detection limit beside the residual, and the check's cost")
    func reportLine() async throws {
        let outcome = try await runGemmbench(["gemm", "--size", "200", "--repeat", "2"], timeout: 60)
        #expect(outcome.status == .exited(0), "\(outcome.stderr)")
        #expect(outcome.stdout.contains("detects ≥ ") && outcome.stdout.contains("·max|Y| in one entry  PASS"))
        #expect(outcome.stdout.contains("of the product's median time"))
    }
}
