import Glibc
import Testing
@testable import SystemBoundary
import TestSupport

/// What the SIGINT/SIGTERM handler would remove: an atomic write's temporary,
/// exactly while it exists.
@Suite("termination cleanup bookkeeping")
struct TerminationCleanupTests {
    @Test("an AtomicFile's temporary is registered from creation until commit or abandon")
    func temporaryRegistered() throws {
        let directory = makeTemporaryDirectory(prefix: "system-boundary-test")
        defer { removeTemporaryDirectory(directory) }
        let committed = try AtomicFile.create(for: directory + "/a.txt")
        #expect(TerminationCleanup.registeredFiles.contains(committed.temporaryPath))
        try committed.commit()
        #expect(!TerminationCleanup.registeredFiles.contains(committed.temporaryPath))
        let abandoned = try AtomicFile.create(for: directory + "/b.txt")
        #expect(TerminationCleanup.registeredFiles.contains(abandoned.temporaryPath))
        abandoned.abandon()
        #expect(!TerminationCleanup.registeredFiles.contains(abandoned.temporaryPath))
        #expect(access(abandoned.temporaryPath, F_OK) != 0, "the abandoned temporary is gone")
    }

    @Test("installing ignores SIGPIPE")
    func sigpipeIgnored() {
        TerminationCleanup.install()
        var current = sigaction()
        sigaction(SIGPIPE, nil, &current)
        #expect(unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self))
    }
}
