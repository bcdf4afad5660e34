import SystemBoundary
import GemmCore
import Platform

/// Process lifecycle: spawning a worker, waiting for its "ready", and reaping
/// it — cleanly at shutdown, or by force on any failure.
extension WorkerPool {
    /// Each pipe's kernel buffer: 1 MiB, Linux's default pipe-max-size for an
    /// unprivileged process (64 KiB otherwise), so a `message` block moves in
    /// fewer wake-ups.
    static let pipeBufferBytes: Int32 = 1 << 20

    static func spawn(index: Int, threads: Int, arena: FileDescriptor, mailboxes: MailboxArea,
                      cpus: [Int]?, executable: String) throws -> Worker {
        let taskPipe = try makePipe()
        let replyPipe = try makePipe()
        defer {
            // The worker has its own copies now; keeping ours would hide its death.
            taskPipe.read.close()
            replyPipe.write.close()
        }
        taskPipe.write.growPipeBuffer(to: pipeBufferBytes)
        replyPipe.write.growPipeBuffer(to: pipeBufferBytes)
        let arguments = [executable, WorkerProcess.modeArgument, "--index", String(index),
                         "--threads", String(threads), "--parent", String(ProcessID.current.rawValue)]
            // The library `--blas` loaded here, loaded there too.
            + (BLAS.library?.spec.arguments ?? [])
        let pid: ProcessID
        do {
            // Only the coordinator's ends: the worker's stay blocking.
            try taskPipe.write.setNonBlocking()
            try replyPipe.read.setNonBlocking()
            var options = SpawnOptions()
            options.descriptors = [
                (taskPipe.read, WorkerProcess.taskFD),
                (replyPipe.write, WorkerProcess.replyFD),
                (arena, WorkerProcess.arenaFD),
                (mailboxes.descriptor, WorkerProcess.mailboxFD),
            ]
            options.environmentOverrides = [
                // OpenBLAS starts its thread pool when it loads, before the worker
                // can call openblas_set_num_threads: size it right from the start.
                "OPENBLAS_NUM_THREADS": String(threads),
                // A crashing worker is reported by the coordinator in one line
                // naming the signal; the Swift runtime's multi-page backtrace on
                // the shared stderr would bury it.
                "SWIFT_BACKTRACE": "enable=no",
            ]
            pid = try spawnPinned(to: cpus) {
                try spawnProcess(path: executable, arguments: arguments, options: options)
            }
        } catch {
            taskPipe.write.close()
            replyPipe.read.close()
            // EAGAIN from posix_spawn is the process limit, not a transient error: say so.
            if let errno = error as? Errno, errno.isProcessLimit {
                throw PoolError.cannotStart(worker: index, reason: "process limit reached (ulimit -u "
                                            + "\(processLimit().map(String.init) ?? "unlimited"); \(errno.call): EAGAIN)")
            }
            throw PoolError.cannotStart(worker: index, reason: "\(error)")
        }
        TerminationCleanup.register(child: pid)
        return Worker(index: index, pid: pid, tasks: taskPipe.write, replies: replyPipe.read)
    }

    /// Runs `spawn` with this thread pinned to `cpus`, then unpins it. A child
    /// inherits the mask of the thread that spawned it, so the worker and every
    /// thread it starts — OpenBLAS starts its pool as it loads, before the
    /// worker's own code could pin anything — are pinned from their first instruction.
    static func spawnPinned(to cpus: [Int]?, _ spawn: () throws -> ProcessID) throws -> ProcessID {
        guard let cpus else { return try spawn() }
        let own = try affinity()
        try setAffinity(cpus)
        defer { try? setAffinity(own) }
        return try spawn()
    }

    func awaitReady(_ index: Int, timeoutSeconds: Double) throws -> (core: String, cpus: [Int]) {
        let worker = workers[index]
        let deadline = monotonicSeconds() + timeoutSeconds
        let reply: ReplyRecord
        do {
            switch try readReply(from: worker, deadline: deadline) {
            case .record(let record): reply = record
            case .expired: throw PoolError.startTimeout(worker: index, seconds: timeoutSeconds)
            case .endOfFile, .truncated:
                throw PoolError.diedBeforeReady(worker: index, pid: worker.pid, status: reapDead(index))
            }
        } catch let error as Errno {
            throw PoolError.io(worker: index, task: "start-up", error: error)
        } catch let error as RecordError {
            throw PoolError.badReply(worker: index, task: "start-up", reason: error.description)
        }
        guard reply.status == .ready else {
            throw PoolError.badReply(worker: index, task: "start-up", reason: "\(reply.status) before ready")
        }
        guard let ready = WorkerProcess.ReadyMessage(parsing: reply.message) else {
            throw PoolError.badReply(worker: index, task: "start-up", reason: "ready message \"\(reply.message)\"")
        }
        return (ready.core, ready.cpus)
    }

    /// Reaps a worker whose pipe closed, giving it `PoolTimeouts.exitGraceSeconds`
    /// to finish dying; then kills it (and remembers that it did).
    func reapDead(_ index: Int) -> ExitStatus {
        let pid = workers[index].pid
        let deadline = monotonicSeconds() + PoolTimeouts.exitGraceSeconds
        while monotonicSeconds() < deadline {
            if let status = reap(pid, block: false) {
                markGone(index)
                return status
            }
            sleepMicroseconds(PoolTimeouts.reapPollMicroseconds)
        }
        sendSignal(.kill, to: pid)
        workers[index].killedByCoordinator = true
        let status = reap(pid, block: true) ?? .exited(-1)
        markGone(index)
        return status
    }

    /// The worker has been reaped: forget its pid and close our pipe ends.
    func markGone(_ index: Int) {
        workers[index].alive = false
        TerminationCleanup.unregister(child: workers[index].pid)
        closeTasks(index)
        if workers[index].repliesOpen {
            workers[index].replies.close()
            workers[index].repliesOpen = false
        }
    }

    func closeTasks(_ index: Int) {
        if workers[index].tasksOpen {
            workers[index].tasks.close()
            workers[index].tasksOpen = false
        }
    }

    /// Clean stop: each worker gets a stop record in its mailbox and end-of-file
    /// on its task pipe, and is reaped (killed if it has not exited within
    /// `PoolTimeouts.shutdownGraceSeconds`).
    public func shutdown() {
        unpinCoordinator()
        let stop = TaskRecord.stop.encoded()
        let deadline = monotonicSeconds() + PoolTimeouts.shutdownGraceSeconds
        for index in workers.indices where workers[index].alive && workers[index].tasksOpen {
            workers[index].sequence &+= 1
            mailboxes.mailbox(index)!.post(stop, sequence: workers[index].sequence)
            closeTasks(index)
        }
        for index in workers.indices where workers[index].alive {
            while reap(workers[index].pid, block: false) == nil {
                if monotonicSeconds() > deadline {
                    sendSignal(.kill, to: workers[index].pid)
                    _ = reap(workers[index].pid, block: true)
                    break
                }
                sleepMicroseconds(PoolTimeouts.reapPollMicroseconds)
            }
            markGone(index)
        }
    }

    /// Gives the calling thread back the CPUs it had before the pool pinned it.
    func unpinCoordinator() {
        if let own = coordinatorAffinity {
            try? setAffinity(own)
            coordinatorAffinity = nil
        }
    }

    /// Failure path: kill and reap every worker still alive.
    public func terminate() {
        unpinCoordinator()
        for worker in workers where worker.alive { sendSignal(.kill, to: worker.pid) }
        for index in workers.indices where workers[index].alive {
            _ = reap(workers[index].pid, block: true)
            markGone(index)
        }
    }
}
