import Foundation
import Glibc
import TestSupport
import Testing

/// gemmbench-mpi's own failed write to stdout ends it with exit 3 and one line,
/// as gemmbench's does (docs/contracts.md, "Exit codes"). Run as a singleton
/// (no mpirun): under mpirun rank 0 writes into mpirun's pipe, and a failure of
/// mpirun's own copy to the real stdout is mpirun's to report.
@Suite("gemmbench-mpi output failures")
struct MPIOutputFailureTests {
    @Test("stdout on /dev/full: exit 3, one line naming ENOSPC", arguments: [
        ["model"], ["gemm", "--size", "32", "--repeat", "1", "--csv"],
    ])
    func devFull(_ arguments: [String]) async throws {
        let executable = try #require(MPIRun.executable)
        let process = try SpawnedProcess.start([executable] + arguments, environment: MPIRun.launcherEnvironment,
                                               stdout: .path("/dev/full"), outputPrefix: "gemmbench-mpi-full-test")
        defer { process.removeOutputFiles() }
        let deadline = TestClock.now() + 60
        var raw: Int32 = 0
        while waitpid(process.pid, &raw, WNOHANG) == 0 {
            if TestClock.now() > deadline { kill(process.pid, SIGKILL) }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        #expect(WaitStatus(raw: raw) == .exited(3), "stderr: \(process.stderr)")
        let lines = process.stderr.split(separator: "\n").filter { $0.hasPrefix("gemmbench-mpi: ") }
        #expect(lines == ["gemmbench-mpi: cannot write to standard output: No space left on device"], "stderr: \(process.stderr)")
    }
}
