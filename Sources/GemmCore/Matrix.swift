/// A matrix that owns 64-byte aligned heap storage (the cache-line size, so
/// rows of a packed matrix start where SIMD loads like them to).
public final class Matrix: @unchecked Sendable {
    public let view: MatrixView
    private let storage: UnsafeMutableRawPointer

    /// An uninitialised-then-zeroed rows×cols matrix with the given leading dimension (default: cols).
    public init(rows: Int, cols: Int, leadingDimension: Int? = nil) {
        let ld = leadingDimension ?? max(cols, 1)
        let count = max(rows * ld, 1)
        storage = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Double>.stride, alignment: 64)
        let base = storage.initializeMemory(as: Double.self, repeating: 0, count: count)
        view = MatrixView(base: base, rows: rows, cols: cols, leadingDimension: ld)
    }

    deinit { storage.deallocate() }

    public var rows: Int { view.rows }
    public var cols: Int { view.cols }

    /// A matrix filled from `seed` (see `SeededRandom.fill`).
    public static func random(rows: Int, cols: Int, seed: UInt64, leadingDimension: Int? = nil) -> Matrix {
        let matrix = Matrix(rows: rows, cols: cols, leadingDimension: leadingDimension)
        var generator = SeededRandom(seed: seed)
        generator.fill(matrix.view)
        return matrix
    }
}
