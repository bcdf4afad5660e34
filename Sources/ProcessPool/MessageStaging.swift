import GemmCore

/// The coordinator's side of the `message` transport: a task's operand blocks
/// are packed row by row into one staging buffer and written with one call;
/// the result block arrives in the same buffer and is copied into C's rows.
///
/// The buffer grows to the largest task and is reused, so it costs
/// `coordinatorBytes` once per run (see `MessageTransportMemory`). The pool and
/// gemmbench-mpi's rank 0 (`MPITaskExecutor`) both stage through it.
public final class MessageStaging {
    private let scratch = ScratchBuffer()

    public init() {}

    /// The blocks a task sends, in wire order: A, B, and C when beta ≠ 0
    /// (the worker then needs C's old values to add beta·C).
    public static func outbound(_ operands: PoolTask.MessageOperands, beta: Double) -> [MatrixView] {
        beta != 0 ? [operands.a, operands.b, operands.c] : [operands.a, operands.b]
    }

    /// Packs `blocks` back to back (each row-major with leading dimension = cols)
    /// and returns the packed bytes, valid until the next call.
    public func pack(_ blocks: [MatrixView]) -> UnsafeRawBufferPointer {
        let total = blocks.reduce(0) { $0 + $1.rows * $1.cols }
        let base = scratch.reserve(doubles: total)
        var cursor = base
        for block in blocks {
            for i in 0..<block.rows {
                cursor.update(from: block.row(i), count: block.cols)
                cursor += block.cols
            }
        }
        return UnsafeRawBufferPointer(start: base, count: total * 8)
    }

    /// Room for `c`'s packed values as they arrive from the worker.
    public func receiveBuffer(for c: MatrixView) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: scratch.reserve(doubles: c.rows * c.cols), count: c.rows * c.cols * 8)
    }

    /// Copies the packed values `receiveBuffer(for: c)` received into `c`'s rows.
    public func land(into c: MatrixView) {
        let packed = scratch.reserve(doubles: c.rows * c.cols)
        for i in 0..<c.rows { c.row(i).update(from: packed + i * c.cols, count: c.cols) }
    }
}
