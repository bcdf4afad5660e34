import Glibc

/// How a child process ended.
enum ChildExit: Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)
    /// Killed by the harness after running longer than its time limit.
    case timedOut(seconds: Double)

    var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signalled(let signal): return "killed by signal \(signal) (\(String(cString: strsignal(signal))))"
        case .timedOut(let seconds): return "still running after \(Int(seconds)) s and was killed"
        }
    }
}

/// What a finished child printed and how it ended.
struct ChildResult {
    let exit: ChildExit
    let standardOutput: String
    let standardError: String

    /// The last non-empty stderr line: the child's one-line error message, if any.
    var lastErrorLine: String? {
        standardError.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) }.map(String.init)
    }
}

/// Runs `program` (a path, or a name looked up in PATH) with `arguments`
/// (argv[0] excluded), the current environment and stdin from /dev/null, and
/// collects stdout and stderr. `tick` is called about once a second while the
/// child runs (progress redraw). The child is killed with SIGKILL after
/// `timeoutSeconds`. The corresponding C functions are `posix_spawnp`, `poll`, `waitpid`.
func runChild(_ program: String, _ arguments: [String], timeoutSeconds: Double = .infinity,
              tick: () -> Void = {}) throws(HarnessError) -> ChildResult {
    let out = try makeCloseOnExecPipe()
    let err = try makeCloseOnExecPipe()

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    // dup2 onto 1 and 2 clears close-on-exec on the copies only.
    posix_spawn_file_actions_adddup2(&actions, out.write, 1)
    posix_spawn_file_actions_adddup2(&actions, err.write, 2)

    var cArguments = ([program] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in cArguments { free(pointer) } }
    var pid: pid_t = 0
    var spawnStatus = posix_spawnp(&pid, program, &actions, nil, &cArguments, environ)
    // ETXTBSY: another thread's child, between its clone and exec, still holds a
    // write descriptor of `program` that was just written (tests write stub
    // binaries while other tests spawn). It clears within milliseconds.
    for _ in 0..<20 where spawnStatus == ETXTBSY {
        usleep(10_000)
        spawnStatus = posix_spawnp(&pid, program, &actions, nil, &cArguments, environ)
    }
    close(out.write)
    close(err.write)
    guard spawnStatus == 0 else {
        close(out.read)
        close(err.read)
        throw HarnessError("cannot start \(program): \(String(cString: strerror(spawnStatus)))")
    }

    var collected: [[UInt8]] = [[], []]
    var open = [out.read, err.read]
    let started = monotonicSeconds()
    var lastTick = started
    var timedOut = false
    var buffer = [UInt8](repeating: 0, count: 65536)
    while open.contains(where: { $0 >= 0 }) {
        if monotonicSeconds() - started > timeoutSeconds {
            kill(pid, SIGKILL)
            timedOut = true
            break
        }
        var entries = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let ready = poll(&entries, nfds_t(entries.count), 250)
        if ready < 0 && errno != EINTR { break }
        for index in entries.indices where entries[index].revents != 0 && open[index] >= 0 {
            let count = buffer.withUnsafeMutableBytes { read(open[index], $0.baseAddress!, $0.count) }
            if count > 0 {
                collected[index].append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                close(open[index])
                open[index] = -1
            }
        }
        let now = monotonicSeconds()
        if now - lastTick >= 1 {
            lastTick = now
            tick()
        }
    }
    for fd in open where fd >= 0 { close(fd) }

    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS / WTERMSIG are C macros Swift cannot import.
    let exit: ChildExit
    if timedOut {
        exit = .timedOut(seconds: timeoutSeconds)
    } else if status & 0x7f == 0 {
        exit = .exited((status >> 8) & 0xff)
    } else {
        exit = .signalled(status & 0x7f)
    }
    return ChildResult(exit: exit,
                       standardOutput: String(decoding: collected[0], as: UTF8.self),
                       standardError: String(decoding: collected[1], as: UTF8.self))
}

/// A pipe whose ends are closed in every child unless dup2'd there: a child must
/// not hold the write end of another child's pipe open (its reader would never see EOF).
/// The corresponding C functions are `pipe` and `fcntl(F_SETFD, FD_CLOEXEC)`.
private func makeCloseOnExecPipe() throws(HarnessError) -> (read: Int32, write: Int32) {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { throw HarnessError("pipe: \(String(cString: strerror(errno)))") }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return (fds[0], fds[1])
}
