import CMPI
import Execution
import GemmCore
import ProcessPool
import SystemBoundary
import MPIWrapper

/// `ProductExecutor` on MPI ranks (`--algorithm tiles`), run by rank 0: the
/// ranks are the workers, rank 0 included, so P ranks are P workers.
///
/// Rank 0 hands each serving rank (`MPITaskServer`) a task while one is ready
/// and the rank is free; when every serving rank is busy and another task is
/// ready, rank 0 multiplies it itself, synchronously, then collects the
/// replies that came meanwhile. With nothing to hand out or compute it waits
/// for the next reply (`IdleWait`), each task's reply due within its
/// `ReplyTimeout`: a rank that hangs ends the run with an error naming it,
/// so rank 0 never waits forever. (A rank that dies is mpirun's to notice: it
/// ends the whole job.)
///
/// Operands reach a serving rank as the record says: by offset into the
/// arena, an MPI-3 shared window of the one node (`shm`, zero copies), or as
/// blocks sent with the record and a result block sent back (`message`: the
/// server holds no data between tasks; works across nodes).
final class MPITaskExecutor: ProductExecutor {
    private let world: Communicator
    private let arena: Arena
    /// The window behind `arena` with `shm`; nil with `message`.
    private let window: SharedWindow?
    private let replyTimeout: ReplyTimeout
    /// Rank 0's own share: the in-process executor, checking records as a worker would.
    private let local: InProcessExecutor
    private let staging = MessageStaging()

    /// A task on its way through a serving rank.
    private struct Running {
        let task: PoolTask
        /// Monotonic seconds by which its reply must have arrived.
        let deadline: Double
        let limitSeconds: Double
    }

    init(world: Communicator, arena: Arena, window: SharedWindow?, replyTimeout: ReplyTimeout) {
        self.world = world
        self.arena = arena
        self.window = window
        self.replyTimeout = replyTimeout
        local = InProcessExecutor(arena: arena)
    }

    var startupSeconds: Double? { nil }
    /// The serving ranks may be on other machines: their memory is not this process's to count.
    var helperProcessIDs: [ProcessID] { [] }
    /// The serving ranks are stopped by `MPIBackend.finish`, once every run is over.
    func shutdown() {}

    func run(_ work: TaskSource) throws {
        // Per rank, the task it holds (index 0, rank 0 itself, stays nil).
        var running = [Running?](repeating: nil, count: world.size)
        while true {
            for rank in 1..<world.size where running[rank] == nil {
                guard let task = work.nextTask() else { break }
                running[rank] = try send(task, to: rank)
            }
            if let task = work.nextTask() {
                try local.run(TaskQueue([task]))
                try work.taskCompleted(task, reply: ReplyRecord(status: .done, taskID: task.record.taskID))
                while let rank = try answeredRank(running) { try collect(from: rank, &running, work) }
                continue
            }
            let busy = running.compactMap { $0 }
            if busy.isEmpty {
                if work.isFinished { return }
                throw MPITaskError.stalled
            }
            let earliest = busy.map(\.deadline).min()!
            guard let rank = try IdleWait.poll(until: earliest, { () throws(MPIError) in try answeredRank(running) }) else {
                let now = monotonicSeconds()
                if let late = running.indices.first(where: { running[$0].map { $0.deadline <= now } ?? false }) {
                    throw MPITaskError.noReply(rank: late, task: running[late]!.task.label, seconds: running[late]!.limitSeconds)
                }
                continue
            }
            try collect(from: rank, &running, work)
        }
    }

    /// A serving rank whose reply has arrived, or nil.
    private func answeredRank(_ running: [Running?]) throws(MPIError) -> Int? {
        guard let arrival = try world.arrivedMessage(from: nil, tag: TilesTag.reply.rawValue) else { return nil }
        return arrival.source
    }

    /// Sends `task`'s record (and, for `message`, its blocks) to `rank`.
    private func send(_ task: PoolTask, to rank: Int) throws -> Running {
        let limit = replyTimeout.seconds(for: task.record)
        // The shared operands rank 0 wrote must be visible before the rank reads them.
        try window?.syncMemory()
        try world.send(TilesCommand.task(record: task.record.encoded()).body, to: rank, tag: TilesTag.task.rawValue)
        let entry = Running(task: task, deadline: monotonicSeconds() + limit, limitSeconds: limit)
        if let operands = task.messageOperands {
            let packed = staging.pack(MessageStaging.outbound(operands, beta: task.record.beta))
            // A large send completes only once the rank receives it: bounded by
            // the task's deadline, so a rank that hangs cannot hang rank 0 here.
            var sending = try world.startSend(packed.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, count: packed.count / 8,
                                              datatype: cmpi_double(), to: rank, tag: TilesTag.operands.rawValue)
            try complete(&sending, for: entry, rank: rank)
        }
        return entry
    }

    /// Waits for `request` (a transfer of `entry`'s blocks) until `entry`'s deadline.
    private func complete(_ request: inout Request, for entry: Running, rank: Int) throws {
        let done = try IdleWait.poll(until: entry.deadline) { () throws(MPIError) -> Bool? in try request.test() ? true : nil }
        guard done != nil else {
            throw MPITaskError.noReply(rank: rank, task: entry.task.label, seconds: entry.limitSeconds)
        }
    }

    /// Receives and checks `rank`'s reply (and, for `message`, lands its C
    /// block), then tells the task source.
    private func collect(from rank: Int, _ running: inout [Running?], _ work: TaskSource) throws {
        guard let entry = running[rank] else {
            throw MPITaskError.badReply(rank: rank, task: "-", reason: "a reply while it held no task")
        }
        running[rank] = nil
        let task = entry.task
        let bytes = try world.receiveBytes(count: ReplyRecord.size, from: rank, tag: TilesTag.reply.rawValue)
        let reply: ReplyRecord
        do {
            reply = try ReplyRecord.decode(bytes)
        } catch {
            throw MPITaskError.badReply(rank: rank, task: task.label, reason: error.description)
        }
        try check(reply, for: task, from: rank)
        if let c = task.messageOperands?.c {
            let buffer = staging.receiveBuffer(for: c)
            var receiving = try world.startReceive(into: buffer.baseAddress ?? UnsafeMutableRawPointer(bitPattern: 8)!,
                                                   count: c.rows * c.cols, datatype: cmpi_double(),
                                                   from: rank, tag: TilesTag.result.rawValue)
            try complete(&receiving, for: entry, rank: rank)
            staging.land(into: c)
        }
        // The rank's stores to C must be visible before anyone here reads them.
        try window?.syncMemory()
        try work.taskCompleted(task, reply: reply)
    }

    /// A reply must finish its task (`ReplyRecord.mismatch`).
    private func check(_ reply: ReplyRecord, for task: PoolTask, from rank: Int) throws {
        switch reply.mismatch(for: task) {
        case nil: return
        case .rejected(let reason): throw MPITaskError.rejected(rank: rank, task: task.label, reason: reason)
        case .ready: throw MPITaskError.badReply(rank: rank, task: task.label, reason: "a ready record")
        case .bad(let reason): throw MPITaskError.badReply(rank: rank, task: task.label, reason: reason)
        }
    }
}
