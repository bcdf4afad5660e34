import GemmCore
import ProcessPool

/// The three operands of one tile task, C[rows, cols] = A[rows, :] · B[:, cols],
/// inside the whole row-major A (m×k), B (k×n) and C (m×n) laid out in the arena.
/// Each block keeps its matrix's leading dimension and starts at
/// offset + 8·(firstRow·leadingDimension + firstColumn) bytes. The one place the
/// gemm and chain runners turn a tile into task-record layouts, or (`blocks`)
/// into the views the `message` transport ships.
struct TileOperands {
    let a: OperandLayout
    let b: OperandLayout
    let c: OperandLayout

    /// `a.cols` must equal `b.rows` (the shared k); `rows` lies within m, `cols` within n.
    init(a: OperandLayout, b: OperandLayout, c: OperandLayout, rows: Range<Int>, cols: Range<Int>) {
        self.a = a.block(rows: rows, cols: 0..<a.cols)
        self.b = b.block(rows: 0..<b.rows, cols: cols)
        self.c = c.block(rows: rows, cols: cols)
    }
}

extension TileOperands {
    /// The same three blocks as views of matrices this process holds: what a
    /// `message` task sends (A and B blocks) and receives into (the C block).
    static func blocks(a: MatrixView, b: MatrixView, c: MatrixView,
                       rows: Range<Int>, cols: Range<Int>) -> PoolTask.MessageOperands {
        PoolTask.MessageOperands(
            a: a.block(rowStart: rows.lowerBound, rowCount: rows.count, colStart: 0, colCount: a.cols),
            b: b.block(rowStart: 0, rowCount: b.rows, colStart: cols.lowerBound, colCount: cols.count),
            c: c.block(rowStart: rows.lowerBound, rowCount: rows.count, colStart: cols.lowerBound, colCount: cols.count))
    }
}

extension OperandLayout {
    /// The `rows × cols` block of this row-major operand.
    func block(rows: Range<Int>, cols: Range<Int>) -> OperandLayout {
        OperandLayout(offset: offset + 8 * (rows.lowerBound * leadingDimension + cols.lowerBound),
                      rows: rows.count, cols: cols.count, leadingDimension: leadingDimension)
    }
}
