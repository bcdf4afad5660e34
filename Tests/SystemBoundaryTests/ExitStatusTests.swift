import Glibc
import Testing
@testable import SystemBoundary

@Suite("wait statuses, signals and the EINTR retry")
struct ExitStatusTests {
    @Test("a waitpid status decodes to an exit code or a named signal")
    func decoding() {
        #expect(ExitStatus(waitStatus: 0) == .exited(0))
        #expect(ExitStatus(waitStatus: 7 << 8) == .exited(7))
        #expect(ExitStatus(waitStatus: SIGKILL) == .signalled(.kill))
        #expect(ExitStatus(waitStatus: SIGSEGV | 0x80) == .signalled(.segmentationFault), "core-dump bit ignored")
        #expect(ExitStatus.signalled(.busError).description == "killed by signal 7 (SIGBUS)")
        #expect(ExitStatus.exited(3).description == "exited with status 3")
    }

    @Test("real children: an exit code, and a signal, as waitpid reports them")
    func realChildren() throws {
        var options = SpawnOptions()
        options.searchPath = true
        options.standardInputFromNull = true
        let exits = try spawnProcess(path: "sh", arguments: ["sh", "-c", "exit 5"], options: options)
        #expect(reap(exits, block: true) == .exited(5))
        let sleeper = try spawnProcess(path: "sleep", arguments: ["sleep", "30"], options: options)
        #expect(reap(sleeper, block: false) == nil, "still running")
        sendSignal(.terminate, to: sleeper)
        #expect(reap(sleeper, block: true) == .signalled(.terminate))
        #expect(reap(sleeper, block: true) == .exited(-1), "nothing left to reap")
    }

    @Test("a failing call reports its name and errno's text; EINTR is retried, other errors are not")
    func retry() {
        var calls = 0
        let interrupted: Result<Int32, Errno> = retryOnInterrupt("test") {
            calls += 1
            if calls < 3 { errno = EINTR; return -1 }
            return 42
        }
        #expect(interrupted == .success(42) && calls == 3)
        calls = 0
        let failed: Result<Int32, Errno> = retryOnInterrupt("open(x)") { calls += 1; errno = ENOENT; return -1 }
        #expect(failed == .failure(Errno("open(x)", code: ENOENT)) && calls == 1)
        #expect(Errno("open(x)", code: ENOENT).description == "open(x): No such file or directory")
    }
}
