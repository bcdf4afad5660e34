import GemmCore
import Testing
@testable import ProcessPool

/// The one rule the worker pool and gemmbench-mpi's tiles executor judge a reply by.
@Suite("ReplyRecord.mismatch")
struct ReplyMismatchTests {
    static let layout = OperandLayout(offset: 0, rows: 0, cols: 0, leadingDimension: 1)

    func shmTask(id: UInt64) -> PoolTask {
        PoolTask(record: TaskRecord(taskID: id, kernel: .blas, transport: .shm, a: Self.layout, b: Self.layout, c: Self.layout),
                 label: "tile (0,0)")
    }

    @Test("a done reply for this task with the payload its transport implies finishes it")
    func matchingReplies() {
        #expect(ReplyRecord(status: .done, taskID: 7).mismatch(for: shmTask(id: 7)) == nil)
        let c = Matrix(rows: 3, cols: 5), a = Matrix(rows: 3, cols: 2), b = Matrix(rows: 2, cols: 5)
        var message = shmTask(id: 8)
        message.messageOperands = .init(a: a.view, b: b.view, c: c.view)
        #expect(ReplyRecord(status: .done, taskID: 8, payloadBytes: 3 * 5 * 8).mismatch(for: message) == nil)
        #expect(ReplyRecord(status: .done, taskID: 8).mismatch(for: message)
                == .bad(reason: "payload of 0 bytes, expected 120"))
    }

    @Test("refusals, ready records, other tasks' ids and stray payloads are named")
    func mismatches() {
        let task = shmTask(id: 7)
        #expect(ReplyRecord(status: .rejected, taskID: 7, message: "operand C extends past the end").mismatch(for: task)
                == .rejected(reason: "operand C extends past the end"))
        #expect(ReplyRecord(status: .ready, taskID: 0).mismatch(for: task) == .ready)
        #expect(ReplyRecord(status: .done, taskID: 6).mismatch(for: task) == .bad(reason: "task id 6, expected 7"))
        #expect(ReplyRecord(status: .done, taskID: 7, payloadBytes: 8).mismatch(for: task)
                == .bad(reason: "payload of 8 bytes, expected 0"))
    }
}
