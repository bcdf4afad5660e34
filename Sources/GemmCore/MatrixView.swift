/// A row-major window onto `Double` storage that someone else owns: element
/// (i, j) lives at `base[i * leadingDimension + j]`.
///
/// A block of a matrix is a view with the parent's leading dimension, never a
/// copy, so the same type addresses heap matrices, shared-arena regions and
/// tiles of either.
public struct MatrixView: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Double>
    public let rows: Int
    public let cols: Int
    public let leadingDimension: Int

    /// - Precondition: rows, cols ≥ 0 and leadingDimension ≥ max(cols, 1).
    public init(base: UnsafeMutablePointer<Double>, rows: Int, cols: Int, leadingDimension: Int) {
        precondition(rows >= 0 && cols >= 0 && leadingDimension >= max(cols, 1),
                     "invalid view \(rows)x\(cols) ld \(leadingDimension)")
        self.base = base
        self.rows = rows
        self.cols = cols
        self.leadingDimension = leadingDimension
    }

    @inlinable public subscript(i: Int, j: Int) -> Double {
        get { base[i * leadingDimension + j] }
        nonmutating set { base[i * leadingDimension + j] = newValue }
    }

    /// The sub-view of rows `rowStart ..< rowStart+rowCount`, columns `colStart ..< colStart+colCount`.
    public func block(rowStart: Int, rowCount: Int, colStart: Int, colCount: Int) -> MatrixView {
        precondition(rowStart >= 0 && colStart >= 0 && rowCount >= 0 && colCount >= 0
                     && rowStart + rowCount <= rows && colStart + colCount <= cols,
                     "block outside its \(rows)x\(cols) parent")
        return MatrixView(base: base + rowStart * leadingDimension + colStart,
                          rows: rowCount, cols: colCount, leadingDimension: leadingDimension)
    }

    /// Pointer to row `i`.
    @inlinable public func row(_ i: Int) -> UnsafeMutablePointer<Double> { base + i * leadingDimension }

    /// Copies `source` (same shape) into this view element by element.
    public func copy(from source: MatrixView) {
        precondition(source.rows == rows && source.cols == cols, "shape mismatch in copy")
        for i in 0..<rows { row(i).update(from: source.row(i), count: cols) }
    }
}
