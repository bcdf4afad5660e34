/// A worker's answer on its reply pipe, `ReplyRecord.size` bytes.
///
/// Layout (little-endian): magic u32, status u32, task id u64, compute seconds
/// f64, payload bytes i64, then a NUL-padded message. With the `message`
/// transport a `done` reply is followed by the C block (m×n doubles, packed).
public struct ReplyRecord: Equatable, Sendable {
    public enum Status: UInt32, Sendable {
        /// The worker has started, mapped the arena and set its BLAS threads.
        case ready = 1
        case done = 2
        /// The task record was refused; `message` says why.
        case rejected = 3
    }

    public static let size = 128
    static let magic: UInt32 = 0x5052_4D47  // "GMRP"
    static let messageWidth = 96

    public var status: Status
    public var taskID: UInt64
    /// Time the worker spent in the kernel (excludes pipe and copy time).
    public var computeSeconds: Double
    public var payloadBytes: Int
    public var message: String

    public init(status: Status, taskID: UInt64, computeSeconds: Double = 0, payloadBytes: Int = 0, message: String = "") {
        self.status = status
        self.taskID = taskID
        self.computeSeconds = computeSeconds
        self.payloadBytes = payloadBytes
        self.message = message
    }

    public func encoded() -> [UInt8] {
        var w = RecordWriter(size: Self.size)
        w.put(Self.magic); w.put(status.rawValue); w.put(taskID)
        w.put(computeSeconds); w.put(payloadBytes)
        w.putText(message, width: Self.messageWidth)
        return w.finish(size: Self.size)
    }

    public static func decode(_ bytes: [UInt8]) throws(RecordError) -> ReplyRecord {
        guard bytes.count == size else { throw .truncated(bytes.count) }
        var r = RecordReader(bytes)
        let magic: UInt32 = r.get()
        guard magic == Self.magic else { throw .badMagic(magic) }
        let statusCode: UInt32 = r.get()
        guard let status = Status(rawValue: statusCode) else { throw .unexpectedReply("status \(statusCode)") }
        let taskID: UInt64 = r.get()
        let seconds = r.getDouble()
        let payload = r.getInt()
        guard payload >= 0 && payload <= TaskRecord.maxPayloadBytes else { throw .payloadTooLarge(payload) }
        return ReplyRecord(status: status, taskID: taskID, computeSeconds: seconds,
                           payloadBytes: payload, message: r.getText(width: messageWidth))
    }
}
