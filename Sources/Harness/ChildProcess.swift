import SystemBoundary

/// How a child process ended.
enum ChildExit: Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Signal)
    /// Killed by the harness after running longer than its time limit.
    case timedOut(seconds: Double)

    init(_ status: ExitStatus) {
        switch status {
        case .exited(let code): self = .exited(code)
        case .signalled(let signal): self = .signalled(signal)
        }
    }

    var description: String {
        switch self {
        case .exited(let code): return ExitStatus.exited(code).description
        case .signalled(let signal): return ExitStatus.signalled(signal).description
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

    /// The last stderr line that starts with `prefix` (a program's own message
    /// among a launcher's: mpirun ends with a box of its own), else `lastErrorLine`.
    func lastErrorLine(preferring prefix: String) -> String? {
        standardError.split(separator: "\n").last { $0.hasPrefix(prefix) }.map(String.init) ?? lastErrorLine
    }
}

/// How often `runChild` wakes while the child is silent, to check its time
/// limit and call `tick`.
let childPollSeconds = 0.25
/// How often `tick` is called while the child runs.
let childTickSeconds = 1.0

/// Runs `program` (a path, or a name looked up in PATH) with `arguments`
/// (argv[0] excluded), the current environment with `environment` replacing or
/// adding variables, and stdin from /dev/null, and
/// collects stdout and stderr. `tick` is called about once a second while the
/// child runs (progress redraw). The child is killed with SIGKILL after
/// `timeoutSeconds`.
func runChild(_ program: String, _ arguments: [String], environment: [String: String] = [:],
              timeoutSeconds: Double = .infinity, tick: () -> Void = {}) throws(HarnessError) -> ChildResult {
    let child = try startChild(program, arguments, environment: environment)
    // A sweep interrupted with SIGINT/SIGTERM kills and reaps its running child
    // too, instead of leaving a benchmark running on its own.
    TerminationCleanup.register(child: child.pid)
    defer { TerminationCleanup.unregister(child: child.pid) }

    let (collected, timedOut) = collectOutput(of: child, timeoutSeconds: timeoutSeconds, tick: tick)
    let status = reap(child.pid, block: true) ?? .exited(-1)
    return ChildResult(exit: timedOut ? .timedOut(seconds: timeoutSeconds) : ChildExit(status),
                       standardOutput: String(decoding: collected[0], as: UTF8.self),
                       standardError: String(decoding: collected[1], as: UTF8.self))
}

/// A running child and the read ends of the pipes its stdout and stderr write to.
private struct StartedChild {
    let pid: ProcessID
    let standardOutput: FileDescriptor
    let standardError: FileDescriptor
}

/// Spawns the child with stdin from /dev/null and stdout and stderr on pipes.
private func startChild(_ program: String, _ arguments: [String],
                        environment: [String: String]) throws(HarnessError) -> StartedChild {
    let out: (read: FileDescriptor, write: FileDescriptor)
    let err: (read: FileDescriptor, write: FileDescriptor)
    do {
        out = try makePipe()
        err = try makePipe()
    } catch {
        throw HarnessError("\(error)")
    }
    // Handlers first (SIGPIPE ignored, SIGINT/SIGTERM clean up), then the spawn.
    TerminationCleanup.install()
    var options = SpawnOptions()
    options.searchPath = true
    options.standardInputFromNull = true
    options.environmentOverrides = environment
    options.descriptors = [(out.write, 1), (err.write, 2)]
    let spawned = Result { () throws(Errno) in try spawnProcess(path: program, arguments: [program] + arguments, options: options) }
    // Ours closed at once: a child's output ends when the child's copies close.
    out.write.close()
    err.write.close()
    guard case .success(let pid) = spawned else {
        out.read.close()
        err.read.close()
        if case .failure(let error) = spawned { throw HarnessError("cannot start \(program): \(error.reason)") }
        fatalError("unreachable")
    }
    return StartedChild(pid: pid, standardOutput: out.read, standardError: err.read)
}

/// Reads the child's stdout and stderr until both end, calling `tick` every
/// `childTickSeconds`; past `timeoutSeconds` it kills the child and stops
/// reading. Both pipes are closed on return.
private func collectOutput(of child: StartedChild, timeoutSeconds: Double,
                           tick: () -> Void) -> (collected: [[UInt8]], timedOut: Bool) {
    var collected: [[UInt8]] = [[], []]
    var open: [FileDescriptor?] = [child.standardOutput, child.standardError]
    let started = monotonicSeconds()
    var lastTick = started
    var timedOut = false
    var buffer = [UInt8](repeating: 0, count: 65536)
    while open.contains(where: { $0 != nil }) {
        if monotonicSeconds() - started > timeoutSeconds {
            sendSignal(.kill, to: child.pid)
            timedOut = true
            break
        }
        let watched = open.indices.filter { open[$0] != nil }
        let ready = (try? waitReadable(watched.map { open[$0]! }, timeoutMilliseconds: pollTimeoutMilliseconds(childPollSeconds))) ?? []
        for position in ready {
            let index = watched[position]
            let count = buffer.withUnsafeMutableBytes { open[index]!.read(into: $0.baseAddress!, count: $0.count) }
            if case .success(let n) = count, n > 0 {
                collected[index].append(contentsOf: buffer[0..<n])
            } else {
                open[index]!.close()
                open[index] = nil
            }
        }
        let now = monotonicSeconds()
        if now - lastTick >= childTickSeconds {
            lastTick = now
            tick()
        }
    }
    for fd in open { fd?.close() }
    return (collected, timedOut)
}
