import Foundation
import Glibc
import TestSupport
import Testing

/// Every file gemmbench writes is created 0644 before the umask
/// (docs/contracts.md, "Files it writes"): `umask 000` gives 0644, never a
/// world-writable 0666; `umask 077` gives 0600.
@Suite("gemmbench file modes")
struct FileModeTests {
    /// Runs gemmbench under `umask` through /bin/sh and returns its exit status.
    func runUnderUmask(_ umask: String, _ arguments: [String]) async throws -> WaitStatus {
        let executable = try #require(ChildProcess.executable)
        let process = try SpawnedProcess.start(["/bin/sh", "-c", "umask \(umask) && exec \"$0\" \"$@\"", executable] + arguments,
                                               outputPrefix: "gemmbench-mode-test")
        defer { process.removeOutputFiles() }
        var raw: Int32 = 0
        while waitpid(process.pid, &raw, WNOHANG) == 0 { try await Task.sleep(nanoseconds: 5_000_000) }
        return WaitStatus(raw: raw)
    }

    func mode(_ path: String) -> mode_t? {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & 0o777 : nil
    }

    @Test("chain --output: 0644 under umask 000, 0600 under umask 077", arguments: [("000", mode_t(0o644)), ("077", mode_t(0o600))])
    func npyOutput(umask: String, expected: mode_t) async throws {
        let directory = makeTemporaryDirectory(prefix: "gemmbench-mode")
        defer { removeTemporaryDirectory(directory) }
        let output = directory + "/y.npy"
        let status = try await runUnderUmask(umask, ["--blas-core", "keep", "chain", "--dims", "8,8,8", "--repeat", "1",
                                                     "--output", output])
        #expect(status == .exited(0))
        #expect(mode(output) == expected, "mode \(String(mode(output) ?? 0, radix: 8))")
    }
}
