import TestSupport
import Foundation
import Glibc
import Testing

/// Workers that misbehave without simply exiting: they stop answering, crash
/// with a signal, send a broken or wrong reply, or hang up and linger; and a
/// coordinator killed outright. Each run must end with exit 3 and one line
/// naming what happened, leaving no worker behind.
@Suite("gemmbench worker misbehaviour", .serialized)
struct WorkerMisbehaviourTests {
    /// A run whose second task per worker triggers the fault (see `FaultInjection`).
    static let faultRun = ["gemm", "--size", "64", "--workers", "2", "--split", "4x1", "--repeat", "3",
                           "--task-timeout", "1"]

    @Test("an injected worker fault ends the run with exit 3 and one line saying what happened",
          arguments: [
              ("worker-hang", "no reply within 1 s"),
              ("worker-segv", "killed by signal 11 (SIGSEGV)"),
              ("worker-sigbus", "killed by signal 7 (SIGBUS)"),
              ("half-reply", "reply ended after 64 of 128 bytes"),
              ("wrong-task-reply", "bad reply"),
              ("second-ready", "a second ready record"),
              ("close-replies", "closed its reply pipe"),
          ])
    func injectedFault(fault: String, expected: String) async throws {
        let child = try ChildProcess(Self.faultRun, environment: ["GEMMBENCH_FAULT": fault], timeout: 30)
        let outcome = await child.wait()
        #expect(outcome.status == .exited(3), "\(fault): stderr: \(outcome.stderr)")
        // Every fault but the hang is noticed at once; the hang takes its 1 s
        // deadline, and a worker that hangs up but lingers gets a 1 s grace to die.
        #expect(outcome.seconds < 6, "\(fault): took \(outcome.seconds) s")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains(expected), "\(fault): stderr: \(outcome.stderr)")
        #expect(outcome.stderr.contains("worker 0") || outcome.stderr.contains("worker 1"), "\(fault): \(outcome.stderr)")
        #expect(outcome.stderr.range(of: #"C\d+,\d+"#, options: .regularExpression) != nil,
                "\(fault): the task is named: \(outcome.stderr)")
        // The coordinator killed a lingering worker itself: that is not an outside SIGKILL.
        #expect(!outcome.stderr.contains("SIGKILL"), "\(fault): \(outcome.stderr)")
        #expect(workersOf(parent: child.pid).isEmpty, "\(fault): workers of \(child.pid) still running")
        await WorkerFaultTests.expectAllGone(Array(outcome.observedChildren))
    }

    @Test("message transport: a worker that dies half-way through its reply while its blocks are still being sent is reported by that reply, not as a clean exit")
    func halfReplyDuringMessageSend() async throws {
        // 600×600: each tile's blocks (3.6 MB) outgrow the pipe, so the
        // coordinator is still writing when the worker answers and exits.
        let child = try ChildProcess(["gemm", "--size", "600", "--workers", "2", "--transport", "message",
                                      "--split", "4x1", "--repeat", "3", "--task-timeout", "5"],
                                     environment: ["GEMMBENCH_FAULT": "half-reply"], timeout: 30)
        let outcome = await child.wait()
        #expect(outcome.status == .exited(3), "stderr: \(outcome.stderr)")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("reply ended after 64 of 128 bytes"), "stderr: \(outcome.stderr)")
        #expect(outcome.seconds < 5, "took \(outcome.seconds) s")
        #expect(workersOf(parent: child.pid).isEmpty)
    }

    @Test("a worker stopped with SIGSTOP: exit 3 after --task-timeout, naming worker, pid and task; all reaped")
    func stoppedWorker() async throws {
        let (child, workers) = try await WorkerFaultTests.startLongRun(extra: ["--task-timeout", "2"])
        defer { child.terminate() }
        try #require(workers.count == 2)
        let victim = workers[1]
        let stoppedAt = ChildProcess.now()
        kill(victim, SIGSTOP)
        let outcome = await child.wait()
        let noticed = outcome.endedAt - stoppedAt
        #expect(outcome.status == .exited(3), "stderr: \(outcome.stderr)")
        #expect(noticed >= 1.5 && noticed < 8, "exited \(noticed) s after the stop (timeout 2 s)")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("no reply within 2 s"), "stderr: \(outcome.stderr)")
        #expect(outcome.stderr.contains("pid \(victim)"), "the stopped worker's pid is named: \(outcome.stderr)")
        #expect(outcome.stderr.contains("worker 1"), "stderr: \(outcome.stderr)")
        #expect(outcome.stderr.contains("task C"), "stderr: \(outcome.stderr)")
        await WorkerFaultTests.expectAllGone(workers)
    }

    @Test("after SIGKILL of the coordinator its workers are gone within a second")
    func coordinatorKilled() async throws {
        let (child, workers) = try await WorkerFaultTests.startLongRun()
        defer { child.terminate() }
        try #require(workers.count == 2)
        let killedAt = ChildProcess.now()
        kill(child.pid, SIGKILL)
        // The workers are orphans now: whoever adopts them reaps them, so a
        // zombie (dead, holding nothing) counts as gone.
        let gone = await waitUntil(timeout: 1) { workers.allSatisfy { !isRunning($0) } }
        let after = ChildProcess.now() - killedAt
        #expect(gone, "workers \(workers.filter(isRunning)) still running \(after) s after the coordinator was killed")
        _ = await child.wait()
    }

    @Test("SIGPIPE is ignored before the first worker is spawned (every worker inherits it ignored)")
    func sigpipeIgnoredFirst() async throws {
        let (child, workers) = try await WorkerFaultTests.startLongRun()
        defer { child.terminate() }
        try #require(workers.count == 2)
        for worker in workers {
            let ignored = try #require(ignoredSignals(of: worker), "no /proc/\(worker)/status")
            #expect(ignored & (1 << (UInt64(SIGPIPE) - 1)) != 0,
                    "worker \(worker) was spawned before SIGPIPE was ignored (SigIgn \(String(ignored, radix: 16)))")
        }
    }
}

/// The SigIgn mask of /proc/PID/status: bit (signal − 1) set when the signal is ignored.
func ignoredSignals(of pid: pid_t) -> UInt64? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigIgn:") }) else { return nil }
    return UInt64(line.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16)
}
