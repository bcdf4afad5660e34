import Glibc
import GemmCore

/// P worker processes sharing one arena, each behind a task pipe and a reply pipe.
///
/// Started once and reused for every repetition. A worker that dies is noticed
/// at once (its reply pipe hangs up), the others are killed and reaped, and the
/// run fails with an error naming the worker and its task.
public final class WorkerPool {
    struct Worker {
        let index: Int
        let pid: ProcessID
        let tasks: FileDescriptor     // coordinator writes
        let replies: FileDescriptor   // coordinator reads
        var alive = true
        var tasksOpen = true
        var repliesOpen = true
    }

    private var workers: [Worker] = []
    private let scratch = ScratchBuffer()
    /// Wall time from the first spawn until every worker reported ready.
    public private(set) var startupSeconds = 0.0
    /// The OpenBLAS core each worker reported at start-up.
    public private(set) var workerCores: [String] = []
    public var count: Int { workers.count }
    public var pids: [ProcessID] { workers.map(\.pid) }

    /// Starts `count` workers running `executable` in worker mode with `threads` BLAS threads each.
    public init(count: Int, threads: Int, arena: Arena, executable: String = "/proc/self/exe",
                readyTimeoutSeconds: Double = 20) throws {
        let start = monotonicSeconds()
        do {
            for index in 0..<count {
                workers.append(try Self.spawn(index: index, threads: threads, arena: arena, executable: executable))
            }
            for index in workers.indices {
                workerCores.append(try awaitReady(index, timeoutSeconds: readyTimeoutSeconds))
            }
        } catch {
            terminate()
            throw error
        }
        startupSeconds = monotonicSeconds() - start
    }

    deinit { shutdown() }

    private static func spawn(index: Int, threads: Int, arena: Arena, executable: String) throws -> Worker {
        let taskPipe = try makePipe()
        let replyPipe = try makePipe()
        defer {
            // The worker has its own copies now; keeping ours would hide its death.
            taskPipe.read.close()
            replyPipe.write.close()
        }
        taskPipe.write.growPipeBuffer(to: 1 << 20)
        replyPipe.write.growPipeBuffer(to: 1 << 20)
        let arguments = [executable, WorkerProcess.modeArgument, "--index", String(index),
                         "--threads", String(threads), "--parent", String(getpid())]
        let pid: ProcessID
        do {
            pid = try spawnProcess(path: executable, arguments: arguments, descriptors: [
                (taskPipe.read, WorkerProcess.taskFD),
                (replyPipe.write, WorkerProcess.replyFD),
                (arena.descriptor, WorkerProcess.arenaFD),
            ], environmentOverrides: [
                // OpenBLAS starts its thread pool when it loads, before the worker
                // can call openblas_set_num_threads: size it right from the start.
                "OPENBLAS_NUM_THREADS": String(threads),
            ])
        } catch {
            taskPipe.write.close()
            replyPipe.read.close()
            throw PoolError.cannotStart(worker: index, reason: error.description)
        }
        ChildRegistry.add(pid)
        return Worker(index: index, pid: pid, tasks: taskPipe.write, replies: replyPipe.read)
    }

    private func awaitReady(_ index: Int, timeoutSeconds: Double) throws -> String {
        let worker = workers[index]
        let deadline = monotonicSeconds() + timeoutSeconds
        while monotonicSeconds() < deadline {
            guard try !waitReadable([worker.replies], timeoutMilliseconds: 200).isEmpty else { continue }
            guard let reply = try? readReply(from: worker), reply.status == .ready else {
                throw PoolError.diedBeforeReady(worker: index, pid: worker.pid, status: reapDead(index))
            }
            return reply.message
        }
        throw PoolError.startTimeout(worker: index, seconds: timeoutSeconds)
    }

    /// Runs tasks from `source` until it is finished, each on the next free worker.
    /// On any failure every worker is killed and reaped before the error is thrown.
    public func run(_ source: TaskSource) throws {
        var running: [Int: PoolTask] = [:]
        do {
            while true {
                for index in workers.indices where running[index] == nil {
                    guard let task = source.nextTask() else { break }
                    try send(task, to: index)
                    running[index] = task
                }
                if running.isEmpty {
                    if source.isFinished { return }
                    throw PoolError.stalled(outstanding: "the task source is not finished")
                }
                let busy = running.keys.sorted()
                for position in try waitReadable(busy.map { workers[$0].replies }, timeoutMilliseconds: 1000) {
                    let index = busy[position]
                    let task = running.removeValue(forKey: index)!
                    try source.taskCompleted(task, reply: try receive(task, from: index))
                }
            }
        } catch {
            terminate()
            throw error
        }
    }

    private func send(_ task: PoolTask, to index: Int) throws {
        let worker = workers[index]
        do {
            let header = task.record.encoded()
            try header.withUnsafeBytes { try worker.tasks.writeAll($0.baseAddress!, count: $0.count) }
            if let operands = task.messageOperands {
                let includeC = task.record.beta != 0
                let blocks = includeC ? [operands.a, operands.b, operands.c] : [operands.a, operands.b]
                let total = blocks.reduce(0) { $0 + $1.rows * $1.cols }
                let staging = scratch.reserve(doubles: total)
                var cursor = staging
                for block in blocks {
                    for i in 0..<block.rows {
                        cursor.update(from: block.row(i), count: block.cols)
                        cursor += block.cols
                    }
                }
                try worker.tasks.writeAll(UnsafeRawPointer(staging), count: total * 8)
            }
        } catch let error as SystemError {
            throw failure(index, task: task.label, otherwise: .io(worker: index, task: task.label, error: error))
        }
    }

    /// Reads and checks `task`'s reply (and, for `message`, lands its C block).
    private func receive(_ task: PoolTask, from index: Int) throws -> ReplyRecord {
        let worker = workers[index]
        let reply: ReplyRecord
        do {
            guard let decoded = try readReply(from: worker) else {
                throw failure(index, task: task.label, otherwise: .stalled(outstanding: task.label))
            }
            reply = decoded
        } catch let error as SystemError {
            throw failure(index, task: task.label, otherwise: .io(worker: index, task: task.label, error: error))
        } catch let error as RecordError {
            throw PoolError.badReply(worker: index, task: task.label, reason: error.description)
        }
        switch reply.status {
        case .rejected:
            throw PoolError.rejected(worker: index, task: task.label, reason: reply.message)
        case .ready:
            throw PoolError.badReply(worker: index, task: task.label, reason: "a second ready record")
        case .done:
            guard reply.taskID == task.record.taskID else {
                throw PoolError.badReply(worker: index, task: task.label,
                                         reason: "task id \(reply.taskID), expected \(task.record.taskID)")
            }
        }
        if let c = task.messageOperands?.c {
            guard reply.payloadBytes == c.rows * c.cols * 8 else {
                throw PoolError.badReply(worker: index, task: task.label,
                                         reason: "payload of \(reply.payloadBytes) bytes for a \(c.rows)x\(c.cols) block")
            }
            let staging = scratch.reserve(doubles: c.rows * c.cols)
            do {
                guard try worker.replies.readExactly(into: UnsafeMutableRawPointer(staging), count: reply.payloadBytes)
                        || reply.payloadBytes == 0 else {
                    throw failure(index, task: task.label, otherwise: .stalled(outstanding: task.label))
                }
            } catch let error as SystemError {
                throw failure(index, task: task.label, otherwise: .io(worker: index, task: task.label, error: error))
            }
            for i in 0..<c.rows { c.row(i).update(from: staging + i * c.cols, count: c.cols) }
        } else if reply.payloadBytes != 0 {
            throw PoolError.badReply(worker: index, task: task.label, reason: "unexpected payload")
        }
        return reply
    }

    /// nil on a clean end-of-file (the worker is gone).
    private func readReply(from worker: Worker) throws -> ReplyRecord? {
        var bytes = [UInt8](repeating: 0, count: ReplyRecord.size)
        let got = try bytes.withUnsafeMutableBytes { try worker.replies.readExactly(into: $0.baseAddress!, count: $0.count) }
        return got ? try ReplyRecord.decode(bytes) : nil
    }

    /// If the worker has died, the error that says so; otherwise `otherwise`.
    private func failure(_ index: Int, task: String, otherwise: PoolError) -> PoolError {
        let status = reapDead(index)
        if case .exited(-1) = status { return otherwise }
        return .workerDied(worker: index, pid: workers[index].pid, status: status, task: task)
    }

    /// Reaps a worker whose pipe closed, giving it up to a second to finish dying.
    private func reapDead(_ index: Int) -> ExitStatus {
        let pid = workers[index].pid
        let deadline = monotonicSeconds() + 1
        while monotonicSeconds() < deadline {
            if let status = reap(pid, block: false) {
                markGone(index)
                return status
            }
            usleep(1000)
        }
        sendSignal(SIGKILL, to: pid)
        let status = reap(pid, block: true) ?? .exited(-1)
        markGone(index)
        return status
    }

    /// The worker has been reaped: forget its pid and close our pipe ends.
    private func markGone(_ index: Int) {
        workers[index].alive = false
        ChildRegistry.remove(workers[index].pid)
        closeTasks(index)
        if workers[index].repliesOpen {
            workers[index].replies.close()
            workers[index].repliesOpen = false
        }
    }

    private func closeTasks(_ index: Int) {
        if workers[index].tasksOpen {
            workers[index].tasks.close()
            workers[index].tasksOpen = false
        }
    }

    /// Clean stop: each worker gets a stop record and end-of-file, and is reaped
    /// (killed if it has not exited within two seconds).
    public func shutdown() {
        let stop = TaskRecord.stop.encoded()
        for index in workers.indices where workers[index].alive && workers[index].tasksOpen {
            let tasks = workers[index].tasks
            _ = try? stop.withUnsafeBytes { try tasks.writeAll($0.baseAddress!, count: $0.count) }
            closeTasks(index)
        }
        let deadline = monotonicSeconds() + 2
        for index in workers.indices where workers[index].alive {
            while reap(workers[index].pid, block: false) == nil {
                if monotonicSeconds() > deadline {
                    sendSignal(SIGKILL, to: workers[index].pid)
                    _ = reap(workers[index].pid, block: true)
                    break
                }
                usleep(500)
            }
            markGone(index)
        }
    }

    /// Failure path: kill and reap every worker still alive.
    public func terminate() {
        for worker in workers where worker.alive { sendSignal(SIGKILL, to: worker.pid) }
        for index in workers.indices where workers[index].alive {
            _ = reap(workers[index].pid, block: true)
            markGone(index)
        }
    }
}
