import Foundation
import Glibc
import TestSupport
import Testing

/// How a real sweep ends when nobody can read it any more, or when it is
/// stopped: quickly, with no child left, and with a run folder that says it is
/// incomplete, which `baseline` then refuses.
@Suite("gemmbench sweep endings", .serialized)
final class SweepEndingTests {
    let scratch = makeTemporaryDirectory(prefix: "gemmbench-sweep-end")

    deinit { removeTemporaryDirectory(scratch) }

    /// A suite of three tiny configurations (one gemm and its references); each
    /// child runs at least `minSeconds`.
    func writeSuite(minSeconds: Double) throws -> String {
        let path = scratch + "/tiny.suite"
        try "rounds = 3\nmin_reps = 2\nmin_seconds = \(minSeconds)\n[gemm]\nsizes = 16\nkernels = blas\nworkers = 1\nthreads = 1\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The only run folder under `out`.
    func runFolder(_ out: String) throws -> String {
        let entries = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0 != "latest" }
        try #require(entries.count == 1, "run folders: \(entries)")
        return out + "/" + entries[0]
    }

    /// `sweep … 2>&1 | head -1` once kept running headless: both streams a pipe
    /// whose reader has gone.
    @Test("stdout and stderr a pipe with no reader: the sweep ends with exit 3, no child left, run marked incomplete")
    func readerGone() async throws {
        let suite = try writeSuite(minSeconds: 0.2)
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        // Close-on-exec, so other tests' children do not inherit it; the spawn's dup2 clears it on 1 and 2.
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        close(ends[0])
        let out = scratch + "/results"
        let child = try ChildProcess(["--blas-core", "keep", "sweep", "--suite", suite, "--out", out], timeout: 60,
                                     stdout: .descriptor(ends[1]), stderr: .descriptor(ends[1]))
        close(ends[1])
        let outcome = await child.wait()
        #expect(outcome.status == .exited(3), "\(outcome.status)")
        #expect(outcome.seconds < 10, "took \(outcome.seconds) s")
        for pid in outcome.observedChildren {
            #expect(survivor(pid) == nil, "child \(pid) outlived the sweep")
        }
        let run = try runFolder(out)
        let environment = readText(run + "/env.json")
        #expect(environment.contains("\"complete\": false"), "\(environment)")
        #expect(environment.contains("Broken pipe"), "\(environment)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: run).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "temporaries left: \(leftovers)")
        #expect(!FileManager.default.fileExists(atPath: out + "/latest"), "latest must not point at a partial run")
    }

    @Test("a sweep stopped by SIGTERM after its first round: exit 143, run marked incomplete, baseline refuses it")
    func terminatedAfterOneRound() async throws {
        let suite = try writeSuite(minSeconds: 0.3)
        let out = scratch + "/results"
        let child = try ChildProcess(["--blas-core", "keep", "sweep", "--suite", suite, "--out", out], timeout: 60)
        defer { child.terminate() }
        // raw.csv appears once the first round is done.
        let firstRound = await waitUntil(timeout: 40) {
            (try? FileManager.default.contentsOfDirectory(atPath: out))?.contains { name in
                name != "latest" && FileManager.default.fileExists(atPath: "\(out)/\(name)/raw.csv")
            } ?? false
        }
        try #require(firstRound, "no round finished: \(child.stderrSoFar)")
        child.send(SIGTERM)
        let outcome = await child.wait()
        #expect(outcome.status == .exited(143), "\(outcome.status): \(outcome.stderr)")
        let run = try runFolder(out)
        #expect(readText(run + "/env.json").contains("\"complete\": false"))

        let refused = try await runGemmbench(["baseline", run, "--into", scratch + "/baseline"], timeout: 30)
        #expect(refused.status == .exited(1), "\(refused.status): \(refused.stderr)")
        expectOneCleanLine(refused.stderr)
        #expect(refused.stderr.contains("incomplete"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch + "/baseline"), "nothing recorded")
    }
}
