/// Why a task or reply record was refused. A worker answers a bad record with an
/// error reply carrying this text; it never touches memory for it.
public enum RecordError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(Int)
    case badMagic(UInt32)
    case unsupportedVersion(UInt16)
    case unknownKind(UInt16)
    case unknownKernel(UInt32)
    case unknownTransport(UInt32)
    case negativeDimension(String)
    case leadingDimensionTooSmall(String, Int, Int)
    case misaligned(String, Int)
    case outOfBounds(String)
    /// A dimension or leading dimension cblas cannot take (it passes them as 32-bit ints).
    case beyondBLASRange(String, Int)
    case payloadTooLarge(Int)
    case unexpectedReply(String)

    public var description: String {
        switch self {
        case .truncated(let n): return "record truncated after \(n) bytes"
        case .badMagic(let m): return "bad record magic 0x\(String(m, radix: 16))"
        case .unsupportedVersion(let v): return "unsupported record version \(v)"
        case .unknownKind(let k): return "unknown record kind \(k)"
        case .unknownKernel(let k): return "unknown kernel code \(k)"
        case .unknownTransport(let t): return "unknown transport code \(t)"
        case .negativeDimension(let name): return "operand \(name) has a negative dimension"
        case .leadingDimensionTooSmall(let name, let ld, let cols):
            return "operand \(name) has leading dimension \(ld) < \(cols) columns"
        case .misaligned(let name, let offset): return "operand \(name) offset \(offset) is negative or not 8-byte aligned"
        case .outOfBounds(let name): return "operand \(name) extends past the end of the arena"
        case .beyondBLASRange(let what, let value):
            return "\(what) \(value) is beyond the 32-bit range cblas takes (at most \(Int32.max))"
        case .payloadTooLarge(let bytes): return "message payload of \(bytes) bytes is too large"
        case .unexpectedReply(let why): return "unexpected reply: \(why)"
        }
    }
}
