/// A rectangle of a distributed matrix that this rank holds: global rows
/// rowStart ..< rowStart+rows and columns colStart ..< colStart+cols, with global
/// element (rowStart+i, colStart+j) at `base[i·rowStride + j·colStride]`.
///
/// Strides let one type describe both row-major blocks (SUMMA: rowStride = ld,
/// colStride = 1) and ScaLAPACK's column-major local arrays (rowStride = 1,
/// colStride = lld).
public struct DistributedBlock: @unchecked Sendable {
    public let rowStart: Int
    public let colStart: Int
    public let rows: Int
    public let cols: Int
    public let base: UnsafeMutablePointer<Double>
    public let rowStride: Int
    public let colStride: Int

    public init(rowStart: Int, colStart: Int, rows: Int, cols: Int,
                base: UnsafeMutablePointer<Double>, rowStride: Int, colStride: Int) {
        precondition(rows >= 0 && cols >= 0 && rowStart >= 0 && colStart >= 0, "invalid block")
        self.rowStart = rowStart; self.colStart = colStart
        self.rows = rows; self.cols = cols
        self.base = base; self.rowStride = rowStride; self.colStride = colStride
    }

    @inline(__always)
    public subscript(i: Int, j: Int) -> Double {
        get { base[i * rowStride + j * colStride] }
        nonmutating set { base[i * rowStride + j * colStride] = newValue }
    }
}
