import CMPI
import GemmCore
import ProcessPool
import SystemBoundary
import MPIWrapper
import DistributedProducts

/// A serving rank of `--algorithm tiles` (every rank but 0): it waits for rank
/// 0's commands (`TilesProtocol`) and does what they say — joins the
/// allocation of a shared-window arena, multiplies a task and replies, or
/// frees its arenas and stops — as a pool worker does with its pipes.
final class MPITaskServer {
    private let world: Communicator
    /// The ranks that share the windows (every rank of the job: `shm` needs one node).
    private let node: Communicator
    /// Every window allocated so far, oldest first: freed together at `stop`,
    /// in the order rank 0 frees its own (`MPI_Win_free` is collective).
    private var windows: [SharedWindow] = []
    /// The newest arena: `shm` task records point into it.
    private var arena: Arena?
    /// A `message` task's A, B and C, packed back to back.
    private let scratch = ScratchBuffer()
    private var tasksReceived = 0

    init(world: Communicator, node: Communicator) {
        self.world = world
        self.node = node
    }

    /// Serves until rank 0 says stop; returns the exit status it sent.
    func serve() throws -> ExitCode {
        while true {
            let arrival = try IdleWait.poll { () throws(MPIError) in try world.arrivedMessage(from: 0, tag: nil) }!
            let body = try world.receiveBytes(count: arrival.bytes, from: 0, tag: arrival.tag)
            // The operands of a task this rank rejected: received only so that
            // rank 0's send completes and it sees the rejection.
            if arrival.tag == TilesTag.operands.rawValue { continue }
            let command: TilesCommand
            do {
                command = try TilesCommand.decode(tag: arrival.tag, body: body)
            } catch {
                throw MPITaskError.badCommand(rank: world.rank, reason: error.description)
            }
            switch command {
            case .allocateArena(let bytes):
                let window = try SharedWindow(capacity: bytes, node: node)
                windows.append(window)
                arena = Arena(borrowing: window.base, capacity: bytes, owner: window)
            case .task(let record):
                tasksReceived += 1
                MPIFaultInjection.failRankIfRequested(rank: world.rank, size: world.size, product: tasksReceived)
                MPIFaultInjection.hangIfRequested(rank: world.rank, size: world.size, task: tasksReceived)
                try run(record)
            case .stop(let status):
                arena = nil
                for window in windows { try window.free() }
                windows = []
                return ExitCode(rawValue: status)
            }
        }
    }

    /// Checks the record exactly as a pool worker does, multiplies, replies.
    private func run(_ bytes: [UInt8]) throws {
        let record: TaskRecord
        do {
            record = try TaskRecord.decode(bytes, arenaCapacity: arena?.capacity ?? 0)
        } catch {
            return try reply(ReplyRecord(status: .rejected, taskID: 0, message: error.description))
        }
        switch record.transport {
        case .shm:
            guard let arena, let window = windows.last else {
                return try reply(ReplyRecord(status: .rejected, taskID: record.taskID, message: "no arena was allocated"))
            }
            func view(_ layout: OperandLayout) -> MatrixView {
                arena.view(offset: layout.offset, rows: layout.rows, cols: layout.cols, leadingDimension: layout.leadingDimension)
            }
            try window.syncMemory()
            let seconds = multiply(record, view(record.a), view(record.b), view(record.c))
            try window.syncMemory()
            try reply(ReplyRecord(status: .done, taskID: record.taskID, computeSeconds: seconds))
        case .message:
            let (m, k, n) = (record.m, record.k, record.n)
            let base = scratch.reserve(doubles: m * k + k * n + m * n)
            let a = MatrixView(base: base, rows: m, cols: k, leadingDimension: max(k, 1))
            let b = MatrixView(base: base + m * k, rows: k, cols: n, leadingDimension: max(n, 1))
            let c = MatrixView(base: base + m * k + k * n, rows: m, cols: n, leadingDimension: max(n, 1))
            // Wire order A, B (, C) is this packing's order: one receive lands all three.
            try world.receive(into: base, count: record.payloadBytesToWorker! / 8, datatype: cmpi_double(),
                              from: 0, tag: TilesTag.operands.rawValue)
            let seconds = multiply(record, a, b, c)
            try reply(ReplyRecord(status: .done, taskID: record.taskID, computeSeconds: seconds, payloadBytes: 8 * m * n))
            try world.send(c.base, count: m * n, datatype: cmpi_double(), to: 0, tag: TilesTag.result.rawValue)
        }
    }

    /// C ← alpha·A·B + beta·C with the record's kernel; the seconds it took.
    private func multiply(_ record: TaskRecord, _ a: MatrixView, _ b: MatrixView, _ c: MatrixView) -> Double {
        let start = monotonicSeconds()
        record.kernel.multiply(a, b, into: c, alpha: record.alpha, beta: record.beta)
        return monotonicSeconds() - start
    }

    private func reply(_ record: ReplyRecord) throws(MPIError) {
        try world.send(record.encoded(), to: 0, tag: TilesTag.reply.rawValue)
    }
}
