import TestSupport
import Foundation
import Glibc
import Testing

/// Failures with worker processes: a worker exits, a worker is killed, the
/// coordinator is interrupted. Each must end quickly with the documented exit
/// status and leave no worker process and nothing in /dev/shm behind.
///
/// Serialized: these tests measure how fast a failure is noticed, which other
/// heavy tests running at the same time would only blur.
@Suite("gemmbench worker faults", .serialized)
struct WorkerFaultTests {
    /// Long enough (several seconds) that the signal lands mid-run, never after the end.
    static let longRun = ["gemm", "--size", "700", "--workers", "2", "--repeat", "3000"]

    /// Starts `longRun`, waits until both workers exist and have had time to start computing.
    static func startLongRun(extra: [String] = []) async throws -> (ChildProcess, [pid_t]) {
        let child = try ChildProcess(longRun + extra, timeout: 90)
        var workers: [pid_t] = []
        let started = await waitUntil(timeout: 30) {
            workers = child.childPIDs
            return workers.count == 2
        }
        #expect(started, "the coordinator never had two workers; stderr: \(child.stderrSoFar)")
        try await Task.sleep(nanoseconds: 300_000_000)
        return (child, workers)
    }

    /// Every pid in `pids` is gone (not running, not an unreaped zombie).
    static func expectAllGone(_ pids: [pid_t], sourceLocation: SourceLocation = #_sourceLocation) async {
        // The coordinator reaps before it exits, so there is nothing to wait for;
        // the short grace only absorbs /proc lag.
        _ = await waitUntil(timeout: 1) { pids.allSatisfy { survivor($0) == nil } }
        for pid in pids {
            if let problem = survivor(pid) { Issue.record("\(problem)", sourceLocation: sourceLocation) }
        }
    }

    @Test("a worker that exits mid-run: exit 3, worker and task named, nothing left")
    func workerExits() async throws {
        let shmBefore = sharedMemoryEntries()
        let child = try ChildProcess(["gemm", "--size", "64", "--workers", "2", "--split", "4x1", "--repeat", "3"],
                                     environment: ["GEMMBENCH_FAULT": "worker-exit"], timeout: 30)
        let outcome = await child.wait()
        let seen = outcome.observedChildren
        #expect(outcome.status == .exited(3), "stderr: \(outcome.stderr)")
        #expect(outcome.seconds < 5, "took \(outcome.seconds) s to notice")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("worker"))
        #expect(outcome.stderr.contains("status 7"), "the worker's exit status is reported: \(outcome.stderr)")
        #expect(outcome.stderr.range(of: #"C\d+,\d+"#, options: .regularExpression) != nil,
                "the task (tile C<i>,<j>) is named: \(outcome.stderr)")
        #expect(workersOf(parent: child.pid).isEmpty, "workers of \(child.pid) still running")
        await Self.expectAllGone(Array(seen))
        #expect(sharedMemoryEntries().subtracting(shmBefore).isEmpty)
    }

    @Test("a worker killed with SIGKILL: exit 3 within seconds, naming it and the signal; both workers gone")
    func workerKilled() async throws {
        let shmBefore = sharedMemoryEntries()
        let (child, workers) = try await Self.startLongRun()
        defer { child.terminate() }
        try #require(workers.count == 2)
        let victim = workers[1]
        let killedAt = ChildProcess.now()
        kill(victim, SIGKILL)
        let outcome = await child.wait()
        let noticed = outcome.endedAt - killedAt
        #expect(outcome.status == .exited(3), "stderr: \(outcome.stderr)")
        #expect(noticed < 5, "took \(noticed) s after the kill to exit")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("worker"))
        #expect(outcome.stderr.contains("SIGKILL"), "the signal is named: \(outcome.stderr)")
        #expect(outcome.stderr.contains(String(victim)), "the killed worker's pid is named: \(outcome.stderr)")
        await Self.expectAllGone(workers)
        #expect(sharedMemoryEntries().subtracting(shmBefore).isEmpty)
    }

    @Test("SIGINT / SIGTERM to the coordinator: exit 128+signal and no worker left",
          arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func coordinatorInterrupted(signal: Int32, expectedStatus: Int32) async throws {
        let shmBefore = sharedMemoryEntries()
        let (child, workers) = try await Self.startLongRun()
        defer { child.terminate() }
        try #require(workers.count == 2)
        child.send(signal)
        let signalledAt = ChildProcess.now()
        let outcome = await child.wait()
        #expect(outcome.status == .exited(expectedStatus), "stderr: \(outcome.stderr)")
        #expect(outcome.endedAt - signalledAt < 5, "took \(outcome.endedAt - signalledAt) s after the signal to exit")
        expectNoCrashReport(outcome.stderr)
        await Self.expectAllGone(workers)
        #expect(workersOf(parent: child.pid).isEmpty)
        #expect(sharedMemoryEntries().subtracting(shmBefore).isEmpty)
    }

    @Test("Ctrl-C (SIGINT to the whole process group): exit 130, not a worker crash; no worker left")
    func groupInterrupted() async throws {
        let shmBefore = sharedMemoryEntries()
        let (child, workers) = try await Self.startLongRun()
        defer { child.terminate() }
        try #require(workers.count == 2)
        // The child leads its own process group (see ChildProcess): this is what a terminal does.
        kill(-child.pid, SIGINT)
        let outcome = await child.wait()
        #expect(outcome.status == .exited(130), "stderr: \(outcome.stderr)")
        #expect(!outcome.stderr.contains("worker"), "an interrupt reported as a worker failure: \(outcome.stderr)")
        await Self.expectAllGone(workers)
        #expect(workersOf(parent: child.pid).isEmpty)
        #expect(sharedMemoryEntries().subtracting(shmBefore).isEmpty)
    }

    @Test("a run with workers leaves nothing in /dev/shm and no worker behind")
    func cleanRun() async throws {
        let shmBefore = sharedMemoryEntries()
        let child = try ChildProcess(["gemm", "--size", "96", "--workers", "2", "--repeat", "3"])
        let outcome = await child.wait()
        let seen = outcome.observedChildren
        #expect(outcome.status == .exited(0), "stderr: \(outcome.stderr)")
        #expect(outcome.stdout.contains("PASS"))
        await Self.expectAllGone(Array(seen))
        #expect(sharedMemoryEntries().subtracting(shmBefore).isEmpty)
    }
}
