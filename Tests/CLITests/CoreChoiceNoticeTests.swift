import Glibc
import Testing

/// When gemmbench re-executes itself with another OpenBLAS core it says so in one
/// line, once; a usage error found in the re-executed process stays the only line.
@Suite("core-choice notice")
struct CoreChoiceNoticeTests {
    /// Two cores every x86-64 CPU runs. OpenBLAS detects at most one of them here, so
    /// asking for both re-executes gemmbench at least once.
    static let portableCores = ["Prescott", "Nehalem"]

    static func noticeLines(_ stderr: String) -> Int {
        stderr.split(separator: "\n").filter { $0.contains("re-running with OPENBLAS_CORETYPE=") }.count
    }

    @Test("a usage error after a re-execution prints exactly one line")
    func usageErrorAfterReexecution() async throws {
        var reexecuted = 0
        for core in Self.portableCores {
            // The same core choice with valid arguments shows whether it re-executes.
            let valid = try await runGemmbench(["--blas-core", core, "gemm", "--size", "8", "--repeat", "1"], timeout: 60)
            #expect(valid.status == .exited(0), "stderr: \(valid.stderr)")
            let notices = Self.noticeLines(valid.unfilteredStderr)
            #expect(notices <= 1, "the notice is printed once: \(valid.unfilteredStderr)")
            reexecuted += notices

            let invalid = try await runGemmbench(["--blas-core", core, "gemm", "--size", "abc"], timeout: 30)
            #expect(invalid.status == .exited(2))
            expectOneCleanLine(invalid.unfilteredStderr)
            #expect(invalid.stderr.contains("--size") && invalid.stderr.contains("abc"), "stderr: \(invalid.stderr)")
            #expect(invalid.stdout.isEmpty)
        }
        // Unless the user fixed the core for every process, one of the two was a re-execution.
        if getenv("OPENBLAS_CORETYPE") == nil {
            #expect(reexecuted >= 1, "neither --blas-core \(Self.portableCores) re-executed gemmbench")
        }
    }

    @Test("a usage error found after the run started (too large for memory) is one line too")
    func lateUsageError() async throws {
        for core in Self.portableCores {
            let outcome = try await runGemmbench(["--blas-core", core, "gemm", "--size", "100000"], timeout: 30)
            #expect(outcome.status == .exited(2))
            expectOneCleanLine(outcome.unfilteredStderr)
        }
    }
}
