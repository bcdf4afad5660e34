import GemmCore
import MPIWrapper
import Vocabulary

/// A rows×cols matrix spread over the node grid, one block per node, held in
/// that node's `SharedWindow`.
///
/// Node (I, J) of a P×Q grid holds rows BlockPartition(rows, P).range(I) and
/// columns BlockPartition(cols, Q).range(J), row-major. The same cut serves
/// every role SUMMA gives a matrix — A (m×k: m by P, k by Q), B (k×n: k by P,
/// n by Q), C (m×n) — so a product's result is already laid out as the next
/// product's operand. Within the node, rank r owns rows
/// BlockPartition(block rows, ranks on the node).range(r) of the block: it
/// first-touches, fills, computes and verifies those.
public final class NodeMatrix {
    public let rows: Int, cols: Int
    /// The whole matrix's cut over the grid.
    public let rowParts: BlockPartition, colParts: BlockPartition
    /// This node's block (in the shared window; the same memory on every rank of the node).
    public let block: MatrixView
    /// Global position of `block`'s element (0, 0).
    public let rowStart: Int, colStart: Int
    /// This rank's rows of `block`.
    public let ownRows: Range<Int>
    let window: SharedWindow

    /// Bytes node (gridRow, gridCol)'s block takes in its window.
    public static func blockBytes(rows: Int, cols: Int, grid: ProcessGrid, gridRow: Int, gridCol: Int) -> Int {
        SharedWindow.regionBytes(doubles: BlockPartition(total: rows, parts: grid.rows).count(gridRow)
                                 * BlockPartition(total: cols, parts: grid.cols).count(gridCol))
    }

    /// Collective on the node: allocates the block (contents undefined until filled).
    init(rows: Int, cols: Int, grid: ProcessGrid, gridRow: Int, gridCol: Int, node: Communicator) throws(MPIError) {
        self.rows = rows
        self.cols = cols
        rowParts = BlockPartition(total: rows, parts: grid.rows)
        colParts = BlockPartition(total: cols, parts: grid.cols)
        let blockRows = rowParts.count(gridRow), blockCols = colParts.count(gridCol)
        window = try SharedWindow(capacity: SharedWindow.regionBytes(doubles: blockRows * blockCols), node: node)
        block = MatrixView(base: window.doubles(at: 0, count: blockRows * blockCols),
                           rows: blockRows, cols: blockCols, leadingDimension: max(blockCols, 1))
        rowStart = rowParts.start(gridRow)
        colStart = colParts.start(gridCol)
        ownRows = BlockPartition(total: blockRows, parts: node.size).range(node.rank)
    }

    /// This rank's rows of the block, as a view.
    public var ownView: MatrixView {
        block.block(rowStart: ownRows.lowerBound, rowCount: ownRows.count, colStart: 0, colCount: block.cols)
    }

    /// This rank's rows of the block in global coordinates. Over all ranks
    /// these cover the matrix exactly once.
    public var ownBlock: DistributedBlock {
        DistributedBlock(rowStart: rowStart + ownRows.lowerBound, colStart: colStart,
                         rows: ownRows.count, cols: block.cols, base: block.row(ownRows.lowerBound),
                         rowStride: block.leadingDimension, colStride: 1)
    }

    /// Fills this rank's rows with `Matrix.random(rows:cols:seed:)`'s values
    /// (then `synchronize` before anyone reads them).
    func fill(seed: UInt64) {
        ElementGenerator(seed: seed, cols: cols).fill(ownBlock)
    }

    /// Makes every rank's writes visible node-wide (collective on the node).
    func synchronize() throws(MPIError) { try window.synchronize() }

    /// Collective on the node.
    public func free() throws(MPIError) { try window.free() }
}
