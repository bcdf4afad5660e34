import SystemBoundary
import GemmCore

/// P worker processes sharing one arena, each with a `Mailbox` in shared
/// memory (how tasks and replies travel) and a task pipe and a reply pipe
/// (start-up, rejections, hang-up detection and the `message` blocks).
///
/// Started once and reused for every repetition. A worker that dies is noticed
/// at once (its reply pipe hangs up), one that stops answering is noticed when
/// its task's `ReplyTimeout` expires; either way every worker is killed and
/// reaped and the run fails with an error naming the worker, its pid and its task.
///
/// The work is spread over four files: this one (state and start-up),
/// `WorkerPool+Lifecycle.swift` (spawn, handshake, reaping) and
/// `WorkerPool+Dispatch.swift` (handing out tasks, checking replies);
/// `MessageStaging.swift` packs the `message` transport's blocks.
public final class WorkerPool {
    struct Worker {
        let index: Int
        let pid: ProcessID
        let tasks: FileDescriptor     // coordinator writes (non-blocking)
        let replies: FileDescriptor   // coordinator reads (non-blocking)
        var alive = true
        var tasksOpen = true
        var repliesOpen = true
        /// Set when the coordinator itself had to SIGKILL the worker, so that
        /// signal is not reported as if something outside had killed it.
        var killedByCoordinator = false
        /// The sequence number of the last task posted to its mailbox.
        var sequence: UInt32 = 0
        /// The label of that task, for an error found while waiting for its reply.
        var taskLabel = ""
    }

    var workers: [Worker] = []
    /// The calling thread's CPUs before the pool pinned it; restored when the pool stops.
    var coordinatorAffinity: [Int]? = nil
    /// When the reply pipes were last polled for trouble (see `awaitReplies`).
    var lastHangUpCheck = 0.0
    let mailboxes: MailboxArea
    let staging = MessageStaging()
    let replyTimeout: ReplyTimeout
    /// Wall time from the first spawn until every worker reported ready.
    public private(set) var startupSeconds: Double? = nil
    /// The OpenBLAS core each worker reported at start-up.
    public private(set) var workerCores: [String] = []
    /// The CPUs each worker reported it may run on (its `sched_getaffinity`) at start-up.
    public private(set) var workerCPUs: [[Int]] = []
    public var count: Int { workers.count }
    public var pids: [ProcessID] { workers.map(\.pid) }

    /// Starts `count` workers running `executable` in worker mode with `threads` BLAS threads each.
    /// - Parameter replyTimeout: how long each task's reply may take (`--task-timeout`).
    /// - Parameter cpuSets: per worker, the CPUs it is pinned to (see `WorkerPlacement`); nil: not pinned.
    /// - Parameter coordinatorCPUs: where the calling thread runs until `shutdown` or `terminate`; nil: unchanged.
    public init(count: Int, threads: Int, arena: Arena, executable: String = "/proc/self/exe",
                replyTimeout: ReplyTimeout = .scaledToTask, cpuSets: [[Int]]? = nil, coordinatorCPUs: [Int]? = nil,
                readyTimeoutSeconds: Double = PoolTimeouts.readySeconds) throws {
        self.replyTimeout = replyTimeout
        guard let arenaDescriptor = arena.descriptor else {
            throw PoolError.cannotStart(worker: 0, reason: "the arena borrows memory no worker process can attach (it has no memfd)")
        }
        // Before the first spawn: a SIGPIPE or SIGINT arriving between a spawn
        // and its registration must not kill the coordinator or orphan a worker.
        TerminationCleanup.install()
        do {
            mailboxes = try MailboxArea(workers: count)
        } catch {
            throw PoolError.cannotStart(worker: 0, reason: "\(error)")
        }
        let start = monotonicSeconds()
        do {
            for index in 0..<count {
                workers.append(try Self.spawn(index: index, threads: threads, arena: arenaDescriptor, mailboxes: mailboxes,
                                               cpus: cpuSets?[index % max(cpuSets!.count, 1)], executable: executable))
            }
            for index in workers.indices {
                let ready = try awaitReady(index, timeoutSeconds: readyTimeoutSeconds)
                workerCores.append(ready.core)
                workerCPUs.append(ready.cpus)
            }
        } catch {
            terminate()
            throw error
        }
        startupSeconds = monotonicSeconds() - start
        if let coordinatorCPUs, let own = try? affinity(), (try? setAffinity(coordinatorCPUs)) != nil {
            coordinatorAffinity = own
        }
    }

    deinit { shutdown() }
}
