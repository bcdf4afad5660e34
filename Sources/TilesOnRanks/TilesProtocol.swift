import ProcessPool

/// What rank 0 and the serving ranks of `--algorithm tiles` say to each other.
/// The MPI tag of a message says what it is:
///
/// | tag | from → to | body |
/// |---|---|---|
/// | `allocateArena` | 0 → server | bytes (Int64): join `MPI_Win_allocate_shared` for a new arena of that size |
/// | `task` | 0 → server | a `TaskRecord` (`TaskRecord.size` bytes) |
/// | `operands` | 0 → server | `message` tasks only, right after the record: A, B (and C when beta ≠ 0) packed |
/// | `stop` | 0 → server | exit status (Int64): free the arenas (collective) and exit with it |
/// | `reply` | server → 0 | a `ReplyRecord` (`ReplyRecord.size` bytes) |
/// | `result` | server → 0 | `message` tasks only, after a `done` reply: C packed |
///
/// A server receives every message rank 0 sends it, even the operands of a
/// task it rejected, so rank 0's blocking sends always complete.
public enum TilesTag: Int32, CaseIterable, Sendable {
    case allocateArena = 101, task, operands, stop, reply, result
}

/// A command from rank 0 to a serving rank (the first message of an exchange).
public enum TilesCommand: Equatable, Sendable {
    case allocateArena(bytes: Int)
    case task(record: [UInt8])
    case stop(status: Int32)

    /// Why a message could not be read as a command.
    public struct Malformed: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public var tag: TilesTag {
        switch self {
        case .allocateArena: return .allocateArena
        case .task: return .task
        case .stop: return .stop
        }
    }

    public var body: [UInt8] {
        switch self {
        case .allocateArena(let bytes): return Self.encode(Int64(bytes))
        case .task(let record): return record
        case .stop(let status): return Self.encode(Int64(status))
        }
    }

    /// The command a message with `tag` and `body` carries.
    public static func decode(tag: Int32, body: [UInt8]) throws(Malformed) -> TilesCommand {
        switch TilesTag(rawValue: tag) {
        case .allocateArena?:
            let bytes = try integer(body, what: "allocate-arena")
            guard bytes >= 0 else { throw Malformed(description: "allocate-arena of \(bytes) bytes") }
            return .allocateArena(bytes: Int(bytes))
        case .task?:
            guard body.count == TaskRecord.size else {
                throw Malformed(description: "task record of \(body.count) bytes, expected \(TaskRecord.size)")
            }
            return .task(record: body)
        case .stop?:
            let status = try integer(body, what: "stop")
            guard let narrow = Int32(exactly: status) else { throw Malformed(description: "stop with status \(status)") }
            return .stop(status: narrow)
        default:
            throw Malformed(description: "message with tag \(tag) is not a command")
        }
    }

    static func encode(_ value: Int64) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    static func integer(_ body: [UInt8], what: String) throws(Malformed) -> Int64 {
        guard body.count == 8 else { throw Malformed(description: "\(what) body of \(body.count) bytes, expected 8") }
        var value: Int64 = 0
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: body) }
        return Int64(littleEndian: value)
    }
}
