import Foundation
import TestSupport
import Glibc
import Testing

/// A write to stdout that fails — /dev/full, a closed descriptor, a full file
/// system — ends the run with exit 3 and one line naming the failure; never
/// exit 0 with an empty file.
@Suite("gemmbench output failures")
struct OutputFailureTests {
    static let commands: [[String]] = [
        ["gemm", "--size", "64", "--csv"],
        ["gemm", "--size", "64", "--workers", "2", "--csv"],
        ["gemm", "--size", "64"],
        ["chain", "--dims", "16,24,8,16", "--csv"],
        ["plan", "--preset", "mixed"],
        ["plan", "--preset", "mixed", "--csv"],
        ["info", "--json"],
        ["--help"],
    ]

    @Test("stdout on /dev/full: exit 3, one line naming ENOSPC", arguments: commands)
    func devFull(_ arguments: [String]) async throws {
        let outcome = try await runGemmbench(arguments, timeout: 60, stdout: .path("/dev/full"))
        #expect(outcome.status == .exited(3), "stderr: \(outcome.stderr)")
        #expect(outcome.stderr == "gemmbench: cannot write to standard output: No space left on device\n")
        expectNoCrashReport(outcome.stderr)
    }

    /// With fd 1 closed, the next descriptor opened (a pipe to a worker, the
    /// shared arena) would become "standard output": gemmbench must not write
    /// its results there, and must say that it could not write them at all.
    @Test("stdout closed: exit 3, one line naming EBADF, no worker left", arguments: [
        ["gemm", "--size", "64", "--csv"], ["gemm", "--size", "64", "--workers", "2", "--csv"],
    ])
    func closedStdout(_ arguments: [String]) async throws {
        let outcome = try await runGemmbench(arguments, timeout: 60, stdout: .closed)
        #expect(outcome.status == .exited(3), "stderr: \(outcome.stderr)")
        #expect(outcome.stderr == "gemmbench: cannot write to standard output: Bad file descriptor\n")
        for pid in outcome.observedChildren {
            #expect(survivor(pid) == nil, "child \(pid) outlived the run")
        }
    }

    @Test("stdout to a file on a full file system: exit 3, one line",
          .enabled(if: FullFileSystem.canMount, "needs root and a kernel that lets it mount a tmpfs"))
    func fullFileSystem() async throws {
        let full = try FullFileSystem()
        defer { full.remove() }
        let outcome = try await runGemmbench(["gemm", "--size", "64", "--csv"], timeout: 60,
                                             stdout: .path(full.directory + "/out.csv"))
        #expect(outcome.status == .exited(3), "stderr: \(outcome.stderr)")
        #expect(outcome.stderr == "gemmbench: cannot write to standard output: No space left on device\n")
    }
}

/// A tmpfs of one page mounted on a fresh directory and filled to the last byte.
struct FullFileSystem {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let directory: String

    init() throws {
        directory = makeTemporaryDirectory(prefix: "gemmbench-full")
        guard mount("tmpfs", directory, "tmpfs", 0, "size=4k") == 0 else {
            let reason = String(cString: strerror(errno))
            rmdir(directory)
            throw Failure(description: "mount tmpfs: \(reason)")
        }
        let fd = open(directory + "/filler", O_WRONLY | O_CREAT, 0o600)
        var block = [UInt8](repeating: 0, count: 4096)
        while fd >= 0, write(fd, &block, block.count) > 0 {}
        if fd >= 0 { close(fd) }
    }

    func remove() {
        umount(directory)
        rmdir(directory)
    }

    /// Whether this process may mount one (root in a container usually may not).
    static let canMount: Bool = {
        guard let probe = try? FullFileSystem() else { return false }
        probe.remove()
        return true
    }()
}
