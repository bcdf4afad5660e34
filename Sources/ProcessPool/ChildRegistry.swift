import Glibc

/// The worker pids a signal handler must kill before the coordinator exits.
///
/// A SIGINT or SIGTERM may arrive at any instruction, so the handler can only
/// use async-signal-safe calls (kill, waitpid, _exit) on plain memory: a fixed
/// C array, not a Swift collection.
enum ChildRegistry {
    static let capacity = 1024
    nonisolated(unsafe) static let pids: UnsafeMutablePointer<pid_t> = {
        let pointer = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
        pointer.initialize(repeating: 0, count: capacity)
        return pointer
    }()
    nonisolated(unsafe) static var installed = false

    static func add(_ pid: ProcessID) {
        installHandlersOnce()
        for slot in 0..<capacity where pids[slot] == 0 {
            pids[slot] = pid.rawValue
            return
        }
    }

    static func remove(_ pid: ProcessID) {
        for slot in 0..<capacity where pids[slot] == pid.rawValue { pids[slot] = 0 }
    }

    /// SIGINT/SIGTERM: kill and reap every registered worker, then exit 128+signal
    /// (130 / 143, as a shell reports a process killed by that signal).
    /// SIGPIPE is ignored so a dead worker shows up as EPIPE on write, not as our death.
    static func installHandlersOnce() {
        guard !installed else { return }
        installed = true
        signal(SIGPIPE, SIG_IGN)
        let handler: @convention(c) (Int32) -> Void = { signalNumber in
            let pids = ChildRegistry.pids
            for slot in 0..<ChildRegistry.capacity where pids[slot] > 0 {
                kill(pids[slot], SIGKILL)
            }
            for slot in 0..<ChildRegistry.capacity where pids[slot] > 0 {
                var status: Int32 = 0
                waitpid(pids[slot], &status, 0)
            }
            _exit(128 + signalNumber)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
    }
}
