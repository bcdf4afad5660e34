import Testing
@testable import ProcessPool
@testable import GemmCore
import Vocabulary

@Suite("TaskRecord encoding and validation")
struct TaskRecordTests {
    func decode(_ bytes: [UInt8], capacity: Int = TaskFixture.capacity) -> Result<TaskRecord, RecordError> {
        Result { () throws(RecordError) in try TaskRecord.decode(bytes, arenaCapacity: capacity) }
    }

    func expectRejected(_ bytes: [UInt8], capacity: Int = TaskFixture.capacity, with expected: RecordError,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        switch decode(bytes, capacity: capacity) {
        case .success(let record): Issue.record("accepted \(record)", sourceLocation: sourceLocation)
        case .failure(let error): #expect(error == expected, sourceLocation: sourceLocation)
        }
    }

    /// Refused as out of the arena, or (checked first) as past cblas's 32-bit range.
    func expectOutOfBounds(_ bytes: [UInt8], capacity: Int = TaskFixture.capacity,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        switch decode(bytes, capacity: capacity) {
        case .success(let record): Issue.record("accepted \(record)", sourceLocation: sourceLocation)
        case .failure(.outOfBounds), .failure(.beyondBLASRange): break
        case .failure(let error): Issue.record("expected outOfBounds, got \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("encode → decode gives the same record, for every kernel and transport")
    func roundTrip() throws {
        for kernel in Kernel.allCases {
            for transport in Transport.allCases {
                var record = TaskFixture.record(transport: transport)
                record.kernel = kernel
                record.taskID = UInt64.max - 3
                let bytes = record.encoded()
                #expect(bytes.count == TaskRecord.size)
                #expect(try TaskRecord.decode(bytes, arenaCapacity: TaskFixture.capacity) == record)
            }
        }
    }

    @Test("the stop record round-trips as a stop")
    func stopRecord() throws {
        let decoded = try TaskRecord.decode(TaskRecord.stop.encoded(), arenaCapacity: 64)
        #expect(decoded.kind == .stop)
    }

    @Test("the layout is the documented one: magic, version, kind, then little-endian fields")
    func layout() {
        let bytes = TaskFixture.record().encoded()
        #expect(Array(bytes[0..<4]) == [0x47, 0x4D, 0x42, 0x54], "magic \"GMBT\" little-endian")
        #expect(bytes[TaskField.version] == 1 && bytes[TaskField.kind] == 1)
        #expect(bytes[TaskField.m] == 8 && bytes[TaskField.n] == 6 && bytes[TaskField.k] == 5)
        #expect(bytes[TaskField.bOffset] == 0x40 && bytes[TaskField.bOffset + 1] == 0x01, "B offset 320")
        #expect(bytes[112...].allSatisfy { $0 == 0 }, "zero padding after the last field")
    }

    @Test("wrong size is refused", arguments: [0, 1, 127, 129, 256])
    func wrongSize(size: Int) {
        var bytes = TaskFixture.record().encoded()
        bytes = size <= bytes.count ? Array(bytes[0..<size]) : bytes + [UInt8](repeating: 0, count: size - bytes.count)
        expectRejected(bytes, with: .truncated(size))
    }

    @Test("bad magic, version, kind, kernel and transport codes are refused")
    func badHeaderCodes() {
        let good = TaskFixture.record().encoded()
        var bytes = good
        patch(&bytes, at: TaskField.magic, UInt32(0x5442_4D48))
        expectRejected(bytes, with: .badMagic(0x5442_4D48))
        bytes = good; patch(&bytes, at: TaskField.version, UInt16(2))
        expectRejected(bytes, with: .unsupportedVersion(2))
        bytes = good; patch(&bytes, at: TaskField.version, UInt16(0))
        expectRejected(bytes, with: .unsupportedVersion(0))
        for kind: UInt16 in [0, 3, .max] {
            bytes = good; patch(&bytes, at: TaskField.kind, kind)
            expectRejected(bytes, with: .unknownKind(kind))
        }
        for kernel: UInt32 in [3, .max] {
            bytes = good; patch(&bytes, at: TaskField.kernel, kernel)
            expectRejected(bytes, with: .unknownKernel(kernel))
        }
        for transport: UInt32 in [2, .max] {
            bytes = good; patch(&bytes, at: TaskField.transport, transport)
            expectRejected(bytes, with: .unknownTransport(transport))
        }
    }

    @Test("negative dimensions are refused with either transport")
    func negativeDimensions() {
        for transport in Transport.allCases {
            for field in [TaskField.m, TaskField.n, TaskField.k] {
                var bytes = TaskFixture.record(transport: transport).encoded()
                patch(&bytes, at: field, Int64(-1))
                guard case .failure(.negativeDimension) = decode(bytes) else {
                    Issue.record("\(transport) field at \(field) = -1 not refused as negative: \(decode(bytes))")
                    continue
                }
            }
        }
    }

    @Test("a leading dimension smaller than the columns is refused")
    func leadingDimensionTooSmall() {
        var bytes = TaskFixture.record().encoded()
        patch(&bytes, at: TaskField.aLD, Int64(4))
        expectRejected(bytes, with: .leadingDimensionTooSmall("A", 4, 5))
        bytes = TaskFixture.record().encoded()
        patch(&bytes, at: TaskField.cLD, Int64(0))
        expectRejected(bytes, with: .leadingDimensionTooSmall("C", 0, 6))
        bytes = TaskFixture.record().encoded()
        patch(&bytes, at: TaskField.bLD, Int64(-6))
        expectRejected(bytes, with: .leadingDimensionTooSmall("B", -6, 6))
    }

    @Test("misaligned or negative offsets are refused")
    func misalignedOffsets() {
        for (field, name) in [(TaskField.aOffset, "A"), (TaskField.bOffset, "B"), (TaskField.cOffset, "C")] {
            for offset: Int64 in [4, 321, -8, -1, .min] {
                var bytes = TaskFixture.record().encoded()
                patch(&bytes, at: field, offset)
                expectRejected(bytes, with: .misaligned(name, Int(offset)))
            }
        }
    }

    @Test("operands ending exactly at the arena end pass; one byte short of room fails")
    func arenaEnd() throws {
        let bytes = TaskFixture.record().encoded()
        _ = try TaskRecord.decode(bytes, arenaCapacity: TaskFixture.capacity)
        expectRejected(bytes, capacity: TaskFixture.capacity - 1, with: .outOfBounds("C"))
        expectRejected(bytes, capacity: 0, with: .outOfBounds("A"))

        var moved = bytes
        patch(&moved, at: TaskField.cOffset, Int64(648))
        expectRejected(moved, with: .outOfBounds("C"))
        moved = bytes
        patch(&moved, at: TaskField.aOffset, Int64(TaskFixture.capacity))
        expectRejected(moved, with: .outOfBounds("A"))
    }

    @Test("offsets and leading dimensions near Int.max are refused, not overflowed")
    func overflow() {
        let nearMax = Int64.max - 7   // 8-byte aligned
        for field in [TaskField.aOffset, TaskField.bOffset, TaskField.cOffset] {
            var bytes = TaskFixture.record().encoded()
            patch(&bytes, at: field, nearMax)
            expectOutOfBounds(bytes)
        }
        for field in [TaskField.aLD, TaskField.bLD, TaskField.cLD] {
            for ld in [Int64.max, Int64.max / 8, Int64.max / 16] {
                var bytes = TaskFixture.record().encoded()
                patch(&bytes, at: field, ld)
                expectOutOfBounds(bytes)
            }
        }
        // Huge dimensions with a matching leading dimension: rows·ld overflows.
        var bytes = TaskFixture.record().encoded()
        patch(&bytes, at: TaskField.m, Int64(1) << 40)
        patch(&bytes, at: TaskField.k, Int64(1) << 40)
        patch(&bytes, at: TaskField.aLD, Int64(1) << 40)
        patch(&bytes, at: TaskField.cLD, Int64(6))
        expectOutOfBounds(bytes, capacity: Int.max)
        // Offset + span overflowing with a capacity of Int.max.
        bytes = TaskFixture.record().encoded()
        patch(&bytes, at: TaskField.cOffset, nearMax)
        expectOutOfBounds(bytes, capacity: Int.max)
    }

    @Test("message transport: offsets are not checked, the payload size is")
    func messagePayload() throws {
        var bytes = TaskFixture.record(transport: .message).encoded()
        patch(&bytes, at: TaskField.aOffset, Int64(-4))
        let decoded = try TaskRecord.decode(bytes, arenaCapacity: 64)
        #expect(decoded.payloadBytesToWorker == 8 * (8 * 5 + 5 * 6 + 8 * 6), "beta ≠ 0 sends C too")

        for (m, k, n) in [(Int64(1) << 40, Int64(1) << 40, Int64(1)), (Int64.max, 1, 1), (1 << 20, 1 << 20, 1)] {
            var huge = TaskFixture.record(transport: .message).encoded()
            patch(&huge, at: TaskField.m, m)
            patch(&huge, at: TaskField.k, k)
            patch(&huge, at: TaskField.n, n)
            switch decode(huge) {
            case .failure(.payloadTooLarge), .failure(.beyondBLASRange): continue
            default: Issue.record("payload \(m)x\(k)x\(n) not refused: \(decode(huge))")
            }
        }
    }

    @Test("payload bytes count C only when beta ≠ 0")
    func payloadWithoutC() {
        var record = TaskFixture.record(transport: .message)
        record.beta = 0
        #expect(record.payloadBytesToWorker == 8 * (8 * 5 + 5 * 6))
        record.m = Int.max
        #expect(record.payloadBytesToWorker == nil)
    }

    @Test("with beta = 0 the worker's C still counts against the payload limit")
    func payloadLimitCountsC() {
        // A and B are 2 MiB each, but C would be 2^34 doubles (128 GiB) > 64 GiB.
        var huge = TaskFixture.record(transport: .message)
        huge.beta = 0
        huge.m = 1 << 17; huge.n = 1 << 17; huge.k = 1
        #expect(huge.payloadBytesToWorker == 8 * (2 << 17))
        guard case .failure(.payloadTooLarge) = decode(huge.encoded()) else {
            Issue.record("a 2^17 x 2^17 C was accepted: \(decode(huge.encoded()))")
            return
        }
    }

    @Test("dimensions and leading dimensions past Int32.max are refused (cblas takes 32-bit ints)")
    func blasRange() {
        let big = Int64(Int32.max) + 1
        for field in [TaskField.m, TaskField.n, TaskField.k] {
            var bytes = TaskFixture.record(transport: .message).encoded()
            patch(&bytes, at: field, big)
            patch(&bytes, at: TaskField.beta, UInt64(0))
            // Keep the others at 1 so the payload stays small.
            for other in [TaskField.m, TaskField.n, TaskField.k] where other != field { patch(&bytes, at: other, Int64(1)) }
            guard case .failure(.beyondBLASRange) = decode(bytes) else {
                Issue.record("dimension at byte \(field) = \(big) accepted: \(decode(bytes))")
                continue
            }
        }
        // A leading dimension of 2^31 on a one-row operand: in bounds, but not for cblas.
        var bytes = TaskFixture.record().encoded()
        patch(&bytes, at: TaskField.m, Int64(1))
        patch(&bytes, at: TaskField.aLD, big)
        patch(&bytes, at: TaskField.cLD, Int64(6))
        expectRejected(bytes, capacity: Int.max, with: .beyondBLASRange("operand A leading dimension", Int(big)))
    }

    @Test("an empty product is valid anywhere inside the arena")
    func emptyOperands() throws {
        let empty = OperandLayout(offset: 64, rows: 0, cols: 0, leadingDimension: 1)
        let record = TaskRecord(taskID: 1, kernel: .blas, transport: .shm, a: empty, b: empty, c: empty)
        #expect(try TaskRecord.decode(record.encoded(), arenaCapacity: 64).m == 0)
    }

    @Test("every refusal has a one-line description")
    func descriptions() {
        let errors: [RecordError] = [.truncated(3), .badMagic(1), .unsupportedVersion(9), .unknownKind(4),
                                     .unknownKernel(5), .unknownTransport(6), .negativeDimension("A"),
                                     .leadingDimensionTooSmall("B", 1, 2), .misaligned("C", 3), .outOfBounds("A"),
                                     .beyondBLASRange("m", 1 << 40), .payloadTooLarge(10), .unexpectedReply("x")]
        for error in errors {
            #expect(!error.description.isEmpty && !error.description.contains("\n"))
        }
        #expect(RecordError.outOfBounds("C").description.contains("C"))
    }
}
