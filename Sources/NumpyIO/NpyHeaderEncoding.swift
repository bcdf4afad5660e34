/// The bytes `np.save` would write before the data of a C-order float64 rows×cols array:
/// format 1.0 (a 2-D header is far below its 65 535-byte limit), keys in sorted order as the
/// format asks writers to, padded with spaces and a final newline so the data starts at a
/// multiple of 64 bytes.
enum NpyHeaderEncoding {
    static let alignment = 64
    /// No encoded header is longer: with two 19-digit dimensions (Int.max) the prefix and dict
    /// take 106 bytes, padded to 128.
    static let maximumLength = 128

    static func encode(rows: Int, cols: Int) -> [UInt8] {
        let dictionary = Array("{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows), \(cols)), }".utf8)
        let prefixLength = NpyPrefix.magic.count + 2 + 2
        let unpadded = prefixLength + dictionary.count + 1  // + "\n"
        let padding = (alignment - unpadded % alignment) % alignment
        let headerLength = dictionary.count + padding + 1
        var bytes = NpyPrefix.magic
        bytes += [1, 0, UInt8(headerLength & 0xFF), UInt8(headerLength >> 8)]
        bytes += dictionary
        bytes += [UInt8](repeating: UInt8(ascii: " "), count: padding)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
