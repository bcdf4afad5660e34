import CSupport
import Glibc

/// What SIGINT and SIGTERM must undo before the process exits: worker
/// processes to kill and reap, and temporary files to remove.
///
/// A signal may arrive at any instruction, so the handler uses only
/// async-signal-safe calls (kill, waitpid, unlink, _exit) on plain memory —
/// fixed C arrays, not Swift collections — and is kept minimal on purpose.
/// Registration takes a lock (tests register from many threads at once); the
/// handler never does, it only reads the slots.
public enum TerminationCleanup {
    /// Slots for worker pids (`--workers` is at most 1024).
    static let childCapacity = 1024
    /// Slots for temporary files being written at once (one per atomic write).
    static let fileCapacity = 16

    nonisolated(unsafe) static let children: UnsafeMutablePointer<pid_t> = {
        let pointer = UnsafeMutablePointer<pid_t>.allocate(capacity: childCapacity)
        pointer.initialize(repeating: 0, count: childCapacity)
        return pointer
    }()
    nonisolated(unsafe) static let files: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let pointer = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: fileCapacity)
        pointer.initialize(repeating: nil, count: fileCapacity)
        return pointer
    }()
    nonisolated(unsafe) static var installed = false
    private static let lock = ProcessMutex()

    private static func locked<T>(_ body: () -> T) -> T { lock.locked(body) }

    /// Installs the SIGINT/SIGTERM handler (kill and reap registered children,
    /// remove registered files, exit 128 + signal — 130 / 143, as a shell
    /// reports a process killed by that signal) and ignores SIGPIPE, so a dead
    /// reader shows up as EPIPE on write, not as this process's death.
    /// Idempotent; call before the first child is spawned.
    public static func install() {
        locked {
            guard !installed else { return }
            installed = true
            // Initialise the slot arrays now: a lazy initialisation inside the
            // handler would allocate, which is not async-signal-safe.
            _ = children
            _ = files
            Signal.pipe.ignore()
            _ = gb_install_siginfo_handler(SIGINT, handler)
            _ = gb_install_siginfo_handler(SIGTERM, handler)
        }
    }

    /// The handler itself: async-signal-safe calls only. A SIGINT this process
    /// raised itself is OpenBLAS failing to start a thread (ThreadStartFailure.h):
    /// after the same cleanup it ends with the line naming the limit and exit 3,
    /// not as an interrupt.
    private static let handler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = {
        signalNumber, info, _ in
        let children = TerminationCleanup.children
        for slot in 0..<TerminationCleanup.childCapacity where children[slot] > 0 {
            kill(children[slot], SIGKILL)
        }
        for slot in 0..<TerminationCleanup.childCapacity where children[slot] > 0 {
            var status: Int32 = 0
            waitpid(children[slot], &status, 0)
        }
        removeRegisteredFiles()
        if signalNumber == SIGINT, gb_signal_is_self_raised(info) != 0 {
            gb_report_thread_start_failure()
            _exit(GB_THREAD_START_FAILURE_STATUS)
        }
        _exit(128 + signalNumber)
    }

    /// Removes every registered temporary file now (async-signal-safe: only
    /// `unlink` on the slots), for a way out that is not SIGINT/SIGTERM but
    /// must not leave them either — a watchdog ending the process. The slots
    /// stay registered. The corresponding C function is `unlink`.
    public static func removeRegisteredFiles() {
        let files = TerminationCleanup.files
        for slot in 0..<TerminationCleanup.fileCapacity {
            if let path = files[slot] { unlink(path) }
        }
    }

    public static func register(child pid: ProcessID) {
        install()
        locked {
            for slot in 0..<childCapacity where children[slot] == 0 {
                children[slot] = pid.rawValue
                return
            }
        }
    }

    public static func unregister(child pid: ProcessID) {
        locked {
            for slot in 0..<childCapacity where children[slot] == pid.rawValue { children[slot] = 0 }
        }
    }

    /// Registers `path` for removal on SIGINT/SIGTERM (installing the handler).
    /// With all `fileCapacity` slots taken the path is not registered: it is
    /// still removed on every other way out, only not on a signal.
    /// The C copy is published only once complete, so the handler never sees half a path.
    public static func register(temporaryFile path: String) {
        install()
        let copy = strdup(path)
        locked {
            for slot in 0..<fileCapacity where files[slot] == nil {
                files[slot] = copy
                return
            }
            free(copy)
        }
    }

    public static func unregister(temporaryFile path: String) {
        locked {
            for slot in 0..<fileCapacity {
                guard let entry = files[slot], String(cString: entry) == path else { continue }
                files[slot] = nil
                free(entry)
            }
        }
    }

    /// The children registered now (for tests).
    static var registeredChildren: [ProcessID] {
        locked { (0..<childCapacity).compactMap { children[$0] > 0 ? ProcessID(rawValue: children[$0]) : nil } }
    }

    /// The paths registered now (for tests).
    static var registeredFiles: [String] {
        locked { (0..<fileCapacity).compactMap { files[$0].map { String(cString: $0) } } }
    }
}
