import Glibc
import Testing
@testable import SystemBoundary
import TestSupport

/// The watchdog's thread, with handlers that count instead of ending the process.
@Suite("watchdog")
struct WatchdogTests {
    /// What the handlers saw, in words the watchdog's thread writes atomically.
    final class Record: @unchecked Sendable {
        private let words = UnsafeMutablePointer<UInt32>.allocate(capacity: 5)
        var stalls: SharedWord { SharedWord(words) }
        var lastStep: SharedWord { SharedWord(words + 1) }
        var orphaned: SharedWord { SharedWord(words + 2) }
        /// Milliseconds without progress the last stall reported.
        var stalledMilliseconds: SharedWord { SharedWord(words + 3) }
        var formerParent: SharedWord { SharedWord(words + 4) }
        init() { words.initialize(repeating: 0, count: 5) }
        deinit { words.deallocate() }
    }

    static func start(_ watchdog: Watchdog, _ record: Record,
                      parent: @escaping @Sendable () -> ProcessID = { ProcessID.parent }) throws {
        try watchdog.start(tick: 0.01, parent: parent, onStall: { step, limit, seconds in
            record.lastStep.store(step)
            record.stalledMilliseconds.store(UInt32(seconds * 1000))
            record.stalls.increment()
        }, onOrphaned: { former in
            record.formerParent.store(UInt32(former.rawValue))
            record.orphaned.increment()
        })
    }

    @Test("no beat for the limit: one stall, naming the last step, no sooner than the limit")
    func stall() throws {
        let watchdog = Watchdog(), record = Record()
        try Self.start(watchdog, record)
        defer { watchdog.stop() }
        watchdog.arm(seconds: 0.2, step: 1)
        watchdog.beat(7)
        let start = monotonicSeconds()
        while record.stalls.load() == 0 && monotonicSeconds() - start < 5 { sleepMicroseconds(5_000) }
        let seen = monotonicSeconds() - start
        #expect(record.stalls.load() == 1 && record.lastStep.load() == 7)
        #expect(seen >= 0.19 && seen < 3, "reported after \(seen) s for a 0.2 s limit")
        #expect(record.stalledMilliseconds.load() >= 190)
        // It disarmed itself: no second report for the same stall.
        sleepMicroseconds(400_000)
        #expect(record.stalls.load() == 1)
    }

    @Test("beats more often than the limit, or no limit at all: never a stall")
    func progressOrDisarmed() throws {
        let watchdog = Watchdog(), record = Record()
        try Self.start(watchdog, record)
        defer { watchdog.stop() }
        watchdog.arm(seconds: 0.15, step: 1)
        for _ in 0..<40 {
            sleepMicroseconds(10_000)
            watchdog.beat(2)
        }
        watchdog.disarm()
        sleepMicroseconds(400_000)
        #expect(record.stalls.load() == 0)
        // Armed again, it watches again.
        watchdog.arm(seconds: 0.1, step: 3)
        let start = monotonicSeconds()
        while record.stalls.load() == 0 && monotonicSeconds() - start < 5 { sleepMicroseconds(5_000) }
        #expect(record.stalls.load() == 1 && record.lastStep.load() == 3)
    }

    @Test("a parent that changes is reported once; an unchanged one never")
    func orphan() throws {
        let parent = Record()
        parent.orphaned.store(100)
        let watchdog = Watchdog(), record = Record()
        try Self.start(watchdog, record, parent: { ProcessID(rawValue: pid_t(parent.orphaned.load())) })
        defer { watchdog.stop() }
        sleepMicroseconds(100_000)
        #expect(record.orphaned.load() == 0)
        parent.orphaned.store(1)
        let start = monotonicSeconds()
        while record.orphaned.load() == 0 && monotonicSeconds() - start < 5 { sleepMicroseconds(5_000) }
        sleepMicroseconds(100_000)
        #expect(record.orphaned.load() == 1 && record.formerParent.load() == 100, "the parent that died is named")
        #expect(record.stalls.load() == 0, "never armed, so never a stall")
    }

    @Test("starting the watchdog leaves the caller's signal mask as it was (only its own thread blocks them)")
    func signalsBlockedOnlyThere() throws {
        var before = sigset_t()
        pthread_sigmask(SIG_SETMASK, nil, &before)
        let watchdog = Watchdog(), record = Record()
        try Self.start(watchdog, record)
        watchdog.stop()
        var after = sigset_t()
        pthread_sigmask(SIG_SETMASK, nil, &after)
        #expect(sigismember(&after, SIGTERM) == sigismember(&before, SIGTERM), "the caller's mask is restored")
    }
}

@Suite("mapped files")
struct MappedFilesTests {
    @Test("/proc/PID/maps: paths once, spaces kept, removed files and anonymous regions left out")
    func parse() {
        let maps = """
        55d0c000-55d0d000 r--p 00000000 fe:00 123   /usr/bin/a b
        55d0d000-55d0e000 r-xp 00001000 fe:00 123   /usr/bin/a b
        7f00-7f01 rw-s 00000000 00:1b 3272                       /dev/shm/vader_segment.vm.0.b410001.1
        7f01-7f02 rw-s 00000000 00:1b 3273                       /dev/shm/osc_sm.1 (deleted)
        7f02-7f03 rw-p 00000000 00:00 0 
        7f03-7f04 rw-p 00000000 00:00 0                          [heap]
        """
        #expect(mappedFiles(inMaps: maps) == ["/usr/bin/a b", "/dev/shm/vader_segment.vm.0.b410001.1"])
    }

    @Test("this process's own mapping of a file is listed, and no longer once the file is removed")
    func live() throws {
        var template = Array("/tmp/mapped-files-test-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        #expect(ftruncate(descriptor, 4096) == 0)
        let region = mmap(nil, 4096, PROT_READ, MAP_SHARED, descriptor, 0)
        try #require(region != MAP_FAILED)
        defer { munmap(region, 4096) }
        #expect(mappedFiles().contains(path))
        unlink(path)
        #expect(!mappedFiles().contains(path))
    }
}

@Suite("termination cleanup now")
struct RemoveRegisteredFilesTests {
    @Test("removeRegisteredFiles removes a registered temporary at once and leaves it registered")
    func removeNow() throws {
        var template = Array("/tmp/remove-registered-test-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        try #require(descriptor >= 0)
        close(descriptor)
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        TerminationCleanup.register(temporaryFile: path)
        defer { TerminationCleanup.unregister(temporaryFile: path) }
        TerminationCleanup.removeRegisteredFiles()
        #expect(access(path, F_OK) != 0)
        #expect(TerminationCleanup.registeredFiles.contains(path))
    }
}

@Suite("remove a tree")
struct RemoveTreeTests {
    @Test("removeTree removes nested files and directories, removes a link without following it, and takes a missing path as done")
    func nested() throws {
        let root = makeTemporaryDirectory(prefix: "remove-tree-test")
        let outside = makeTemporaryDirectory(prefix: "remove-tree-outside")
        defer { removeTemporaryDirectory(outside) }
        #expect(mkdir(root + "/a", 0o755) == 0 && mkdir(root + "/a/b", 0o755) == 0)
        for file in ["/f", "/a/g", "/a/b/h"] { close(open(root + file, O_CREAT | O_WRONLY, 0o644)) }
        close(open(outside + "/kept", O_CREAT | O_WRONLY, 0o644))
        #expect(symlink(outside, root + "/a/link") == 0)
        #expect(throws: Never.self) { try removeTree(root).get() }
        #expect(access(root, F_OK) != 0, "the tree is gone")
        #expect(access(outside + "/kept", F_OK) == 0, "what the link pointed to is untouched")
        #expect(throws: Never.self) { try removeTree(root).get() }
    }
}
