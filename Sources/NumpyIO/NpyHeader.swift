/// A validated .npy file holding a C-order, little-endian float64, 2-D array.
public struct NpyHeader: Equatable, Sendable {
    /// The path the header was read from (as given, not canonicalised).
    public let path: String
    public let rows: Int
    public let cols: Int
    /// Byte offset of element (0, 0) from the start of the file.
    public let dataOffset: Int

    public init(path: String, rows: Int, cols: Int, dataOffset: Int) {
        self.path = path
        self.rows = rows
        self.cols = cols
        self.dataOffset = dataOffset
    }

    /// rows · cols · 8: the data bytes that follow the header. Readers check that the
    /// shape does not overflow before building a header, so this never traps for them.
    public var dataByteCount: Int { rows * cols * MemoryLayout<Double>.size }

    /// The shape as Python prints it, e.g. `(3, 4)`; used in messages.
    public var shapeDescription: String { "(\(rows), \(cols))" }
}
