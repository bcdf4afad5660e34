import SystemBoundary
import GemmCore

/// Dispatch: hands tasks to free workers, waits for replies with a deadline per
/// task, checks every reply, and turns each way a worker can fail into one
/// `PoolError` that names it.
extension WorkerPool {
    /// A task on its way through a worker.
    struct Running {
        let task: PoolTask
        /// Monotonic seconds by which the whole reply must have arrived.
        let deadline: Double
        /// The limit that deadline came from, for the error message.
        let limitSeconds: Double
    }

    /// What reading one reply record produced.
    enum ReplyRead {
        case record(ReplyRecord)
        /// The worker closed its reply pipe before sending anything.
        case endOfFile
        /// The worker closed its reply pipe part-way through a record.
        case truncated(after: Int)
        case expired
    }

    /// Runs tasks from `source` until it is finished, each on the next free worker.
    /// On any failure every worker is killed and reaped before the error is thrown.
    public func run(_ source: TaskSource) throws {
        // Per worker, the task it holds (an array, not a dictionary: this loop
        // is the dispatch round trip, a microsecond or two for a tiny task).
        var running = [Running?](repeating: nil, count: workers.count)
        var busy: [Int] = []
        busy.reserveCapacity(workers.count)
        do {
            while true {
                for index in workers.indices where running[index] == nil {
                    guard let task = source.nextTask() else { break }
                    let limit = replyTimeout.seconds(for: task.record)
                    let entry = Running(task: task, deadline: monotonicSeconds() + limit, limitSeconds: limit)
                    running[index] = entry
                    try send(entry, to: index)
                }
                busy.removeAll(keepingCapacity: true)
                var earliest = Double.infinity
                for index in running.indices {
                    guard let entry = running[index] else { continue }
                    busy.append(index)
                    earliest = min(earliest, entry.deadline)
                }
                if busy.isEmpty {
                    if source.isFinished { return }
                    throw PoolError.stalled(outstanding: "the task source is not finished")
                }
                let answered = try awaitReplies(from: busy, until: earliest)
                if answered.isEmpty {
                    let now = monotonicSeconds()
                    if let late = busy.first(where: { running[$0]!.deadline <= now }) {
                        throw noReply(late, running[late]!)
                    }
                    continue
                }
                for index in answered {
                    let entry = running[index]!
                    running[index] = nil
                    try source.taskCompleted(entry.task, reply: try receive(entry, from: index))
                }
            }
        } catch {
            terminate()
            throw error
        }
    }

    /// The workers among `busy` whose mailbox holds the reply to their current
    /// task; empty when `deadline` passed first. Spins for
    /// `DispatchSpin.coordinatorSeconds`, then sleeps on the doorbell in slices
    /// of `DispatchSpin.hangUpCheckSeconds`, looking after each slice at the
    /// reply pipes: a worker can only write there (a rejection, half a reply)
    /// or hang up (it died) when something went wrong, and that is thrown here.
    func awaitReplies(from busy: [Int], until deadline: Double) throws -> [Int] {
        // While other workers keep answering within the spin, this wait never
        // sleeps: the pipes are looked at on a clock instead, so one dead
        // worker is not hidden by a busy neighbour.
        if monotonicSeconds() - lastHangUpCheck >= DispatchSpin.hangUpCheckSeconds {
            try checkPipes(busy)
        }
        let spinEnd = monotonicSeconds() + DispatchSpin.coordinatorSeconds
        var spin = SpinWait()
        repeat {
            let answered = replied(busy)
            if !answered.isEmpty { return answered }
            spin.once()
        } while monotonicSeconds() < spinEnd
        let doorbell = mailboxes.doorbell
        while true {
            doorbell.coordinatorSleeping.store(1)
            let rings = doorbell.rings.load()
            var answered = replied(busy)
            let now = monotonicSeconds()
            if answered.isEmpty && now < deadline {
                _ = doorbell.rings.wait(whileEquals: rings,
                                        timeoutSeconds: min(DispatchSpin.hangUpCheckSeconds, deadline - now))
            }
            doorbell.coordinatorSleeping.store(0)
            try checkPipes(busy)
            answered = replied(busy)
            if !answered.isEmpty { return answered }
            if monotonicSeconds() >= deadline { return [] }
        }
    }

    /// Throws for the first worker among `busy` whose reply pipe is readable or
    /// hung up while its mailbox holds no answer: it rejected its task, died,
    /// or closed the pipe. The pipe is looked at before the mailbox: a worker
    /// answers in its mailbox before it writes a message block to its pipe, so
    /// a pipe readable because of a block always comes with its answer.
    func checkPipes(_ busy: [Int]) throws {
        lastHangUpCheck = monotonicSeconds()
        let troubled = try waitReadable(busy.map { workers[$0].replies }, timeoutMilliseconds: 0)
        for position in troubled {
            let index = busy[position]
            if mailboxes.mailbox(index)!.hasReply(to: workers[index].sequence) { continue }
            throw failure(index, task: workers[index].taskLabel,
                          whenAlive: .hungUp(worker: index, pid: workers[index].pid, task: workers[index].taskLabel))
        }
    }

    /// The workers among `busy` that have answered their current task.
    private func replied(_ busy: [Int]) -> [Int] {
        busy.filter { mailboxes.mailbox($0)!.hasReply(to: workers[$0].sequence) }
    }

    func send(_ entry: Running, to index: Int) throws {
        let worker = workers[index]
        let task = entry.task
        workers[index].taskLabel = task.label
        workers[index].sequence &+= 1
        mailboxes.mailbox(index)!.post(task.record.encoded(), sequence: workers[index].sequence)
        guard let operands = task.messageOperands else { return }
        do {
            // After the record: the worker reads the blocks once it has seen it,
            // and they may be more than the pipe holds.
            let packed = staging.pack(MessageStaging.outbound(operands, beta: task.record.beta))
            let sent = try worker.tasks.writeAll(packed.baseAddress!, count: packed.count, deadline: entry.deadline)
            if sent != .complete { throw noReply(index, entry) }
        } catch let error as Errno {
            throw failure(index, task: task.label, whenAlive: .io(worker: index, task: task.label, error: error))
        }
    }

    /// Reads and checks `entry`'s reply (and, for `message`, lands its C block).
    func receive(_ entry: Running, from index: Int) throws -> ReplyRecord {
        let worker = workers[index]
        let task = entry.task
        let reply: ReplyRecord
        do {
            reply = try ReplyRecord.decode(mailboxes.mailbox(index)!.replyBytes())
        } catch {
            throw PoolError.badReply(worker: index, task: task.label, reason: error.description)
        }
        try check(reply, for: task, from: index)
        if let c = task.messageOperands?.c {
            let buffer = staging.receiveBuffer(for: c)
            let arrived: Transfer
            do {
                arrived = buffer.count == 0 ? .complete
                    : try worker.replies.readExactly(into: buffer.baseAddress!, count: buffer.count, deadline: entry.deadline)
            } catch {
                throw failure(index, task: task.label, whenAlive: .io(worker: index, task: task.label, error: error))
            }
            switch arrived {
            case .complete: staging.land(into: c)
            case .expired: throw noReply(index, entry)
            case .endOfFile(let bytes):
                throw PoolError.badReply(worker: index, task: task.label,
                                         reason: "result block ended after \(bytes) of \(buffer.count) bytes")
            }
        }
        return reply
    }

    /// A reply must finish its task (`ReplyRecord.mismatch`); a worker's one `ready` came at start-up.
    private func check(_ reply: ReplyRecord, for task: PoolTask, from index: Int) throws {
        switch reply.mismatch(for: task) {
        case nil: return
        case .rejected(let reason): throw PoolError.rejected(worker: index, task: task.label, reason: reason)
        case .ready: throw PoolError.badReply(worker: index, task: task.label, reason: "a second ready record")
        case .bad(let reason): throw PoolError.badReply(worker: index, task: task.label, reason: reason)
        }
    }

    func readReply(from worker: Worker, deadline: Double) throws -> ReplyRead {
        var bytes = [UInt8](repeating: 0, count: ReplyRecord.size)
        let transfer = try bytes.withUnsafeMutableBytes { raw throws(Errno) in
            try worker.replies.readExactly(into: raw.baseAddress!, count: raw.count, deadline: deadline)
        }
        switch transfer {
        case .complete: return .record(try ReplyRecord.decode(bytes))
        case .endOfFile(0): return .endOfFile
        case .endOfFile(let bytes): return .truncated(after: bytes)
        case .expired: return .expired
        }
    }

    func noReply(_ index: Int, _ entry: Running) -> PoolError {
        .noReply(worker: index, pid: workers[index].pid, task: entry.task.label, seconds: entry.limitSeconds)
    }

    /// The most precise account of a worker that stopped talking during `task`:
    /// the reason it rejected the task if it sent one, else how it ended if it
    /// died, else `whenAlive` (it was still alive, so the coordinator killed it).
    func failure(_ index: Int, task: String, whenAlive: PoolError) -> PoolError {
        if let answer = pendingAnswer(index, task: task) { return answer }
        let status = reapDead(index)
        if workers[index].killedByCoordinator { return whenAlive }
        if case .exited(-1) = status { return whenAlive }
        return .workerDied(worker: index, pid: workers[index].pid, status: status, task: task)
    }

    /// A worker that refuses a record replies with the reason and stops reading,
    /// so the coordinator's write fails (EPIPE) before it looks for the reply:
    /// the reason is waiting in the reply pipe. So may be half a reply from a
    /// worker that died writing it. Either is the better account of the failure.
    private func pendingAnswer(_ index: Int, task: String) -> PoolError? {
        guard workers[index].repliesOpen else { return nil }
        let deadline = monotonicSeconds() + PoolTimeouts.rejectionReplySeconds
        switch try? readReply(from: workers[index], deadline: deadline) {
        case .record(let reply)? where reply.status == .rejected:
            return .rejected(worker: index, task: task, reason: reply.message)
        case .truncated(let bytes)?:
            return truncatedReply(index, task: task, bytes: bytes)
        default:
            return nil
        }
    }

    /// A reply cut off part-way: the worker closed its pipe mid-record (and is reaped here).
    private func truncatedReply(_ index: Int, task: String, bytes: Int) -> PoolError {
        let status = reapDead(index)
        return .badReply(worker: index, task: task,
                         reason: "reply ended after \(bytes) of \(ReplyRecord.size) bytes (the worker then \(describe(status, of: index)))")
    }

    /// How a reaped worker ended, without blaming an outside SIGKILL for ours.
    func describe(_ status: ExitStatus, of index: Int) -> String {
        workers[index].killedByCoordinator ? "stayed alive and was killed by the coordinator" : status.description
    }
}
