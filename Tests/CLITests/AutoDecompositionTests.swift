import Foundation
import Testing

/// `gemm --workers auto`: a calibration cached per machine, its reuse and its invalidation.
@Suite("gemmbench gemm --workers auto")
struct AutoDecompositionTests {
    private func run(_ arguments: [String], cache: String) async throws -> (status: String, stderr: String, row: [String: String]) {
        let outcome = try await runGemmbench(["gemm"] + arguments + ["--workers", "auto", "--csv"],
                                             environment: ["GEMMBENCH_CACHE_DIR": cache, "GEMMBENCH_AUTO_SIZES": "16,64"],
                                             timeout: 120)
        #expect(outcome.status == .exited(0), "\(outcome.stderr)")
        return ("\(outcome.status)", outcome.stderr, GemmCommandTests.parseCSV(outcome.stdout).rows.first ?? [:])
    }

    @Test("calibrates once, reuses the cache, recalibrates when the machine's key changes")
    func calibrationIsCachedPerMachine() async throws {
        let cache = NSTemporaryDirectory() + "gemmbench-auto-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let first = try await run(["--size", "48"], cache: cache)
        #expect(first.stderr.contains("calibrating"), "\(first.stderr)")
        #expect(first.row["auto"] == "yes" && first.row["verdict"] == "PASS")
        let file = cache + "/decomposition.txt"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("key = ") && text.contains("\n16 ") && text.contains("\n64 "))

        // The choice is one of the candidates the cache holds for n = 64 (48 is nearest to it).
        let workers = first.row["workers"] ?? "", threads = first.row["threads"] ?? ""
        #expect(text.split(separator: "\n").contains { $0.hasPrefix("64 \(workers) \(threads) ") }, "\(first.row)")

        let second = try await run(["--size", "48"], cache: cache)
        #expect(!second.stderr.contains("calibrating") && second.stderr.contains("cached"), "\(second.stderr)")
        #expect(second.row["workers"] == workers && second.row["threads"] == threads)

        // Another machine (here: a different key line) invalidates it.
        try text.replacingOccurrences(of: "key = ", with: "key = another CPU ").write(toFile: file, atomically: true, encoding: .utf8)
        let third = try await run(["--size", "48"], cache: cache)
        #expect(third.stderr.contains("calibrating"), "\(third.stderr)")
    }

    /// Issue 17, item 13: before, it recalibrated silently while saying "once per machine".
    @Test("an unwritable cache directory is named in one warning, and the text no longer claims a cache")
    func unwritableCacheIsWarnedAbout() async throws {
        // A directory below a regular file cannot be created, even by root.
        let file = NSTemporaryDirectory() + "gemmbench-auto-file-\(UUID().uuidString)"
        try "not a directory".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let outcome = try await run(["--size", "48"], cache: file + "/cache")
        let warnings = outcome.stderr.split(separator: "\n").filter { $0.contains("warning:") }
        #expect(warnings.count == 1, "\(outcome.stderr)")
        #expect(warnings.first?.contains(file + "/cache/decomposition.txt") == true, "\(outcome.stderr)")
        #expect(warnings.first?.contains("calibrates again on every run") == true, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("once per machine"), "\(outcome.stderr)")
        #expect(outcome.row["auto"] == "yes" && outcome.row["verdict"] == "PASS")
    }

    @Test("a chain refuses --workers auto; --split and --workers auto conflict")
    func refusals() async throws {
        let chain = try await runGemmbench(["chain", "--dims", "8,8,8", "--workers", "auto"])
        #expect(chain.status == .exited(2))
        #expect(chain.stderr.contains("auto"))
        let split = try await runGemmbench(["gemm", "--size", "8", "--workers", "auto", "--split", "2x1"])
        #expect(split.status == .exited(2))
        let bad = try await runGemmbench(["gemm", "--size", "8", "--workers", "sometimes"])
        #expect(bad.status == .exited(2) && bad.stderr.contains("whole number or auto"))
    }
}
