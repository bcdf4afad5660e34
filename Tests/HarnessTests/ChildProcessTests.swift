import Testing
@testable import SystemBoundary
@testable import Harness

/// `runChild`: a child's stdout and stderr kept apart and whole, how it ended,
/// and the time limit that kills it.
@Suite("Harness child processes")
struct ChildProcessTests {
    @Test("stdout and stderr are collected apart, with the exit code")
    func separateStreams() throws {
        let result = try runChild("sh", ["-c", "echo out; echo err >&2; echo more; exit 3"])
        #expect(result.exit == .exited(3))
        #expect(result.standardOutput == "out\nmore\n")
        #expect(result.standardError == "err\n")
        #expect(result.lastErrorLine == "err")
    }

    @Test("output larger than one read arrives whole, from both pipes")
    func largeOutput() throws {
        let result = try runChild("sh", ["-c", "head -c 200000 /dev/zero | tr '\\0' a; head -c 150000 /dev/zero | tr '\\0' b >&2"])
        #expect(result.exit == .exited(0))
        #expect(result.standardOutput.utf8.count == 200_000 && result.standardOutput.allSatisfy { $0 == "a" })
        #expect(result.standardError.utf8.count == 150_000 && result.standardError.allSatisfy { $0 == "b" })
    }

    @Test("a child past its time limit is killed and reported so, keeping what it printed")
    func timeLimit() throws {
        let start = SystemBoundary.monotonicSeconds()
        let result = try runChild("sh", ["-c", "echo started; exec sleep 60"], timeoutSeconds: 3)
        #expect(result.exit == .timedOut(seconds: 3))
        #expect(result.standardOutput == "started\n")
        #expect(SystemBoundary.monotonicSeconds() - start < 30, "the child was not killed at its limit")
        #expect(result.exit.description == "still running after 3 s and was killed")
    }

    @Test("a program that cannot start is one error naming it")
    func cannotStart() {
        let program = "/nonexistent/gemmbench-no-such-program"
        #expect {
            try runChild(program, [])
        } throws: { error in
            (error as? HarnessError)?.description.hasPrefix("cannot start \(program): ") == true
        }
    }
}
