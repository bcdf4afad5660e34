import Foundation
import TestSupport
import Testing

/// `gemmbench report` as a user runs it, on the committed reference run.
@Suite("gemmbench report", .serialized)
struct ReportCommandTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// A copy of results/reference (report writes into the run's folder).
    static func copyOfReference() throws -> String {
        let directory = "/tmp/gemmbench-report-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.copyItem(atPath: repositoryRoot + "/results/reference", toPath: directory)
        return directory
    }

    @Test("one run: findings and tables on stdout, summary.txt, report.md and plots/charts.gp written")
    func oneRun() async throws {
        let run = try Self.copyOfReference()
        defer { try? FileManager.default.removeItem(atPath: run) }
        let outcome = try await runGemmbench(["report", run], timeout: 60)
        #expect(outcome.status == .exited(0), "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("findings") && outcome.stdout.contains("leads"))
        #expect(outcome.stdout.split(separator: "\n").allSatisfy { $0.count <= 100 })
        for file in ["summary.txt", "report.md", "plots/charts.gp"] {
            #expect(FileManager.default.fileExists(atPath: run + "/" + file), "\(file) not written")
        }
        let markdown = try await runGemmbench(["report", run, "--markdown"], timeout: 60)
        #expect(markdown.status == .exited(0) && markdown.stdout.hasPrefix("# gemmbench run"))
    }

    @Test("two runs side by side")
    func twoRuns() async throws {
        let (a, b) = (try Self.copyOfReference(), try Self.copyOfReference())
        defer { for run in [a, b] { try? FileManager.default.removeItem(atPath: run) } }
        let outcome = try await runGemmbench(["report", a, b], timeout: 60)
        #expect(outcome.status == .exited(0), "\(outcome.stderr)")
        #expect(outcome.stdout.contains("0 faster, 0 slower") && outcome.stdout.contains("The machines and builds match"))
    }

    @Test("a usage error exits 2, an unreadable run 1, each with one line")
    func errors() async throws {
        let usage = try await runGemmbench(["report"], timeout: 60)
        #expect(usage.status == .exited(2) && usage.stderr.split(separator: "\n").count == 1, "\(usage.stderr)")
        let missing = try await runGemmbench(["report", "/nonexistent/run"], timeout: 60)
        #expect(missing.status == .exited(1) && missing.stderr.contains("/nonexistent/run"), "\(missing.stderr)")
    }
}
