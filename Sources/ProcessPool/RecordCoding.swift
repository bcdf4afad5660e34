/// Little-endian field packing for the fixed-size pipe records. Both ends are
/// the same binary on the same machine, but spelling the layout out keeps the
/// decoder honest about every byte it accepts.
struct RecordWriter {
    private(set) var bytes: [UInt8]
    init(size: Int) { bytes = []; bytes.reserveCapacity(size) }

    mutating func put<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
    mutating func put(_ value: Double) { put(value.bitPattern) }
    mutating func put(_ value: Int) { put(Int64(value)) }
    mutating func putText(_ text: String, width: Int) {
        let utf8 = Array(text.utf8.prefix(width))
        bytes.append(contentsOf: utf8)
        bytes.append(contentsOf: repeatElement(0, count: width - utf8.count))
    }
    /// Zero-pads to exactly `size` bytes.
    mutating func finish(size: Int) -> [UInt8] {
        precondition(bytes.count <= size, "record layout exceeds its size")
        bytes.append(contentsOf: repeatElement(0, count: size - bytes.count))
        return bytes
    }
}

struct RecordReader {
    private let bytes: [UInt8]
    private var position = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func get<T: FixedWidthInteger>(_: T.Type = T.self) -> T {
        var value: T = 0
        withUnsafeMutableBytes(of: &value) { raw in
            for i in 0..<MemoryLayout<T>.size { raw[i] = bytes[position + i] }
        }
        position += MemoryLayout<T>.size
        return T(littleEndian: value)
    }
    mutating func getInt() -> Int { Int(get(Int64.self)) }
    mutating func getDouble() -> Double { Double(bitPattern: get(UInt64.self)) }
    mutating func getText(width: Int) -> String {
        let slice = bytes[position..<position + width].prefix { $0 != 0 }
        position += width
        return String(decoding: slice, as: UTF8.self)
    }
}
