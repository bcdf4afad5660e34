import Foundation
import Glibc
import Testing

/// gemmbench under `ulimit -u` and `ulimit -v` (issue 17, items 6 and 8): a
/// resource limit ends in a line naming it and a documented exit status, never
/// in "interrupted" (130), an abort or a hang.
@Suite("gemmbench under resource limits")
struct ResourceLimitTests {
    /// bash sets `limit` (e.g. `-u 1`) and execs gemmbench; as root, through
    /// setpriv as `user`, since root is exempt from the process limit. Each test
    /// takes its own unused uid: the limit counts every process of the user,
    /// so tests running side by side as one user would trip each other.
    static func launcher(limit: String, user: Int?) -> [String] {
        var words = ["/bin/bash", "-c", "ulimit \(limit) && exec \"$@\"", "bash"]
        if let user, geteuid() == 0 { words += ["/usr/bin/setpriv", "--reuid=\(user)", "--regid=\(user)", "--clear-groups"] }
        return words
    }

    static func run(_ arguments: [String], limit: String, user: Int? = nil,
                    environment: [String: String] = [:]) async throws -> ChildProcess.Outcome {
        let child = try ChildProcess(arguments, environment: environment, timeout: 60,
                                     launcher: launcher(limit: limit, user: user))
        return await child.wait()
    }

    static var canDropPrivileges: Bool { geteuid() != 0 || access("/usr/bin/setpriv", X_OK) == 0 }

    /// OpenBLAS raises SIGINT itself when its load-time pthread_create fails
    /// (ThreadStartFailure.h); before, that was exit 130 "interrupted".
    @Test("ulimit -u 1: OpenBLAS's failed thread start is exit 3 naming the process limit", .enabled(if: canDropPrivileges))
    func processLimitAtLoad() async throws {
        let outcome = try await Self.run(["gemm", "--size", "64"], limit: "-u 1", user: 64_917)
        #expect(outcome.status == .exited(3), "\(outcome.stderr)")
        let last = outcome.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("gemmbench: cannot start OpenBLAS's threads: process limit reached (ulimit -u 1"), "\(outcome.stderr)")
        expectNoCrashReport(outcome.stderr)
        #expect(outcome.stdout.isEmpty)
    }

    @Test("ulimit -v 60000: OpenBLAS's failed thread start is exit 3 naming the address-space limit", .enabled(if: canDropPrivileges))
    func addressSpaceLimitAtLoad() async throws {
        let outcome = try await Self.run(["gemm", "--size", "64"], limit: "-v 60000")
        #expect(outcome.status == .exited(3), "\(outcome.stderr)")
        let last = outcome.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("gemmbench: cannot start OpenBLAS's threads: address-space limit reached (ulimit -v 60000 KiB"),
                "\(outcome.stderr)")
    }

    /// Item 6: under `ulimit -v 200000` gemm --size 2048 aborted in an allocation
    /// (134, a backtrace) and with workers hung in OpenBLAS's allocator.
    @Test("ulimit -v: a problem that cannot fit is refused before any work with exit 2 and one line",
          arguments: [["gemm", "--size", "2048"], ["gemm", "--size", "2048", "--workers", "2"],
                      ["gemm", "--size", "1024", "--workers", "2", "--transport", "message"],
                      ["chain", "--preset", "square"]])
    func addressSpaceTooSmall(_ arguments: [String]) async throws {
        let before = sharedMemoryEntries()
        let outcome = try await Self.run(arguments, limit: "-v 200000")
        #expect(outcome.status == .exited(2), "\(outcome.stderr)")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("ulimit -v 200000 KiB"), "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty && outcome.observedChildren.isEmpty, "no worker is started")
        #expect(sharedMemoryEntries().subtracting(before).isEmpty)
        #expect(outcome.seconds < 10, "took \(outcome.seconds) s")
    }

    @Test("ulimit -v with room to spare: the run goes ahead")
    func addressSpaceLargeEnough() async throws {
        let outcome = try await Self.run(["gemm", "--size", "64", "--workers", "2", "--repeat", "1"], limit: "-v 2000000")
        #expect(outcome.status == .exited(0), "\(outcome.stderr)")
        #expect(outcome.stdout.contains("PASS"))
    }

    /// OpenBLAS 0.3.21 grows its pool for --threads without checking
    /// pthread_create; before the check this hung until the test killed it.
    @Test("ulimit -u 1: --threads 2 past OpenBLAS's pool is exit 3 naming the process limit, not a hang",
          .enabled(if: canDropPrivileges))
    func processLimitWhenThreadsGrow() async throws {
        let child = try ChildProcess(["--blas-core", "keep", "gemm", "--size", "64", "--threads", "2"],
                                     environment: ["OPENBLAS_NUM_THREADS": "1"], timeout: 20,
                                     launcher: Self.launcher(limit: "-u 1", user: 64_919))
        let outcome = await child.wait()
        #expect(outcome.status == .exited(3), "\(outcome.stderr)")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("cannot start 2 OpenBLAS threads: process limit reached (ulimit -u 1"),
                "\(outcome.stderr)")
    }

    /// With OpenBLAS's pool already 1 thread, the first process that cannot start is a worker.
    @Test("ulimit -u 1: a worker that cannot be spawned is exit 3 naming the process limit", .enabled(if: canDropPrivileges))
    func processLimitAtWorkerSpawn() async throws {
        let outcome = try await Self.run(["--blas-core", "keep", "gemm", "--size", "64", "--workers", "2"], limit: "-u 1",
                                         user: 64_918, environment: ["OPENBLAS_NUM_THREADS": "1"])
        #expect(outcome.status == .exited(3), "\(outcome.stderr)")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("process limit reached (ulimit -u 1") && outcome.stderr.contains("EAGAIN"),
                "\(outcome.stderr)")
        #expect(outcome.observedChildren.isEmpty || outcome.observedChildren.allSatisfy { kill($0, 0) != 0 })
    }
}
