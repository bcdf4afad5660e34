import ProcessPool

/// The three operands of one tile task, C[rows, cols] = A[rows, :] · B[:, cols],
/// inside the whole row-major A (m×k), B (k×n) and C (m×n) laid out in the arena.
/// Each block keeps its matrix's leading dimension and starts at
/// offset + 8·(firstRow·leadingDimension + firstColumn) bytes. The one place the
/// gemm and chain runners turn a tile into task-record layouts.
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

extension OperandLayout {
    /// The `rows × cols` block of this row-major operand.
    func block(rows: Range<Int>, cols: Range<Int>) -> OperandLayout {
        OperandLayout(offset: offset + 8 * (rows.lowerBound * leadingDimension + cols.lowerBound),
                      rows: rows.count, cols: cols.count, leadingDimension: leadingDimension)
    }
}
