import GemmCore
import Vocabulary

/// The record codes of `Transport` (field `transport` of a task record).
extension Transport {
    var code: UInt32 { self == .shm ? 0 : 1 }
    init?(code: UInt32) {
        switch code {
        case 0: self = .shm
        case 1: self = .message
        default: return nil
        }
    }
}

/// One unit of work, C ← alpha·A·B + beta·C, as a fixed-size record in a worker's
/// `Mailbox` (the shared-memory slot that replaced the task pipe).
///
/// Layout (little-endian, `TaskRecord.size` bytes, zero-padded): magic u32,
/// version u16, kind u16, task id u64, kernel u32, transport u32, m n k i64,
/// alpha beta f64, then offset and leading dimension (i64 each) of A, B and C.
/// With the `message` transport the offsets are unused and the operand blocks
/// follow the record, packed row by row: A (m×k), B (k×n), and C (m×n) when beta ≠ 0.
/// A worker refuses m, n, k or a leading dimension past Int32.max (cblas's
/// range) and a message task whose A, B and C together exceed `maxPayloadBytes`.
public struct TaskRecord: Equatable, Sendable {
    public enum Kind: UInt16, Sendable { case multiply = 1, stop = 2 }

    public static let size = 128
    static let magic: UInt32 = 0x5442_4D47  // "GMBT"
    static let version: UInt16 = 1
    /// A message payload larger than this is refused (64 GiB: far past any machine here).
    static let maxPayloadBytes = 64 << 30

    public var kind: Kind
    public var taskID: UInt64
    public var kernel: Kernel
    public var transport: Transport
    public var m: Int, n: Int, k: Int
    public var alpha: Double, beta: Double
    public var a: OperandLayout, b: OperandLayout, c: OperandLayout

    public init(taskID: UInt64, kernel: Kernel, transport: Transport,
                a: OperandLayout, b: OperandLayout, c: OperandLayout,
                alpha: Double = 1, beta: Double = 0) {
        kind = .multiply
        self.taskID = taskID
        self.kernel = kernel
        self.transport = transport
        m = c.rows; n = c.cols; k = a.cols
        self.alpha = alpha; self.beta = beta
        self.a = a; self.b = b; self.c = c
    }

    /// The record that tells a worker to exit cleanly.
    public static var stop: TaskRecord {
        var record = TaskRecord(taskID: 0, kernel: .blas, transport: .shm,
                                a: .init(offset: 0, rows: 0, cols: 0, leadingDimension: 1),
                                b: .init(offset: 0, rows: 0, cols: 0, leadingDimension: 1),
                                c: .init(offset: 0, rows: 0, cols: 0, leadingDimension: 1))
        record.kind = .stop
        return record
    }

    static let kernelCodes: [Kernel] = [.blas, .swift, .naive]

    public func encoded() -> [UInt8] {
        var w = RecordWriter(size: Self.size)
        w.put(Self.magic); w.put(Self.version); w.put(kind.rawValue)
        w.put(taskID)
        w.put(UInt32(Self.kernelCodes.firstIndex(of: kernel)!)); w.put(transport.code)
        w.put(m); w.put(n); w.put(k)
        w.put(alpha); w.put(beta)
        for operand in [a, b, c] { w.put(operand.offset); w.put(operand.leadingDimension) }
        return w.finish(size: Self.size)
    }

    /// Decodes and validates a record against an arena of `arenaCapacity` bytes.
    /// Anything a worker would act on is checked here, before any memory is touched.
    public static func decode(_ bytes: [UInt8], arenaCapacity: Int) throws(RecordError) -> TaskRecord {
        guard bytes.count == size else { throw .truncated(bytes.count) }
        var r = RecordReader(bytes)
        let magic: UInt32 = r.get()
        guard magic == Self.magic else { throw .badMagic(magic) }
        let version: UInt16 = r.get()
        guard version == Self.version else { throw .unsupportedVersion(version) }
        let kindCode: UInt16 = r.get()
        guard let kind = Kind(rawValue: kindCode) else { throw .unknownKind(kindCode) }
        let taskID: UInt64 = r.get()
        let kernelCode: UInt32 = r.get()
        guard Int(kernelCode) < kernelCodes.count else { throw .unknownKernel(kernelCode) }
        let transportCode: UInt32 = r.get()
        guard let transport = Transport(code: transportCode) else { throw .unknownTransport(transportCode) }
        let m = r.getInt(), n = r.getInt(), k = r.getInt()
        let alpha = r.getDouble(), beta = r.getDouble()
        let a = OperandLayout(offset: r.getInt(), rows: m, cols: k, leadingDimension: r.getInt())
        let b = OperandLayout(offset: r.getInt(), rows: k, cols: n, leadingDimension: r.getInt())
        let c = OperandLayout(offset: r.getInt(), rows: m, cols: n, leadingDimension: r.getInt())

        var record = TaskRecord(taskID: taskID, kernel: kernelCodes[Int(kernelCode)], transport: transport,
                                a: a, b: b, c: c, alpha: alpha, beta: beta)
        record.kind = kind
        if kind == .stop { return record }
        if m < 0 || n < 0 || k < 0 { throw .negativeDimension(m < 0 ? "C" : n < 0 ? "B" : "A") }
        for (name, value) in [("m", m), ("n", n), ("k", k)] where value > Int(Int32.max) {
            throw .beyondBLASRange(name, value)
        }
        switch transport {
        case .shm:
            for (name, operand) in [("A", a), ("B", b), ("C", c)] {
                if let problem = operand.problem(named: name, capacity: arenaCapacity) { throw problem }
            }
        case .message:
            // What the worker allocates, not only what it receives: with beta = 0
            // C is not sent, but the worker still holds it to compute into.
            guard let bytes = record.workerScratchBytes, bytes <= maxPayloadBytes else {
                throw .payloadTooLarge(record.workerScratchBytes ?? Int.max)
            }
        }
        return record
    }

    /// Bytes a worker holds for a `message` task: A, B and C packed,
    /// 8·(m·k + k·n + m·n), whatever beta is; nil on overflow.
    public var workerScratchBytes: Int? { Self.packedBytes(m: m, k: k, n: n, includingC: true) }

    /// Bytes of operand blocks that follow the record with the message transport; nil on overflow.
    public var payloadBytesToWorker: Int? { Self.packedBytes(m: m, k: k, n: n, includingC: beta != 0) }

    /// 8·(m·k + k·n [+ m·n]): A, B (and C) packed; nil on overflow.
    static func packedBytes(m: Int, k: Int, n: Int, includingC: Bool) -> Int? {
        let (ak, o1) = m.multipliedReportingOverflow(by: k)
        let (kn, o2) = k.multipliedReportingOverflow(by: n)
        let (mn, o3) = m.multipliedReportingOverflow(by: n)
        let (sum, o4) = ak.addingReportingOverflow(kn)
        let (total, o5) = sum.addingReportingOverflow(includingC ? mn : 0)
        let (bytes, o6) = total.multipliedReportingOverflow(by: 8)
        return o1 || o2 || o3 || o4 || o5 || o6 ? nil : bytes
    }
}
