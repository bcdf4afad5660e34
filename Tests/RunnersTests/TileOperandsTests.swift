import GemmCore
import ProcessPool
@testable import Runners
import Testing

struct TileOperandsTests {
    /// A (6×4) at byte 0, B (4×10) at 1024, C (6×10) at 4096, with leading
    /// dimensions wider than the matrices: tile rows 2..<5, cols 3..<7.
    @Test func blocksStartAtTheirFirstElementAndKeepTheLeadingDimension() {
        let a = OperandLayout(offset: 0, rows: 6, cols: 4, leadingDimension: 5)
        let b = OperandLayout(offset: 1024, rows: 4, cols: 10, leadingDimension: 12)
        let c = OperandLayout(offset: 4096, rows: 6, cols: 10, leadingDimension: 11)
        let tile = TileOperands(a: a, b: b, c: c, rows: 2..<5, cols: 3..<7)
        #expect(tile.a == OperandLayout(offset: 8 * 2 * 5, rows: 3, cols: 4, leadingDimension: 5))
        #expect(tile.b == OperandLayout(offset: 1024 + 8 * 3, rows: 4, cols: 4, leadingDimension: 12))
        #expect(tile.c == OperandLayout(offset: 4096 + 8 * (2 * 11 + 3), rows: 3, cols: 4, leadingDimension: 11))
    }

    /// Every tile of a grid covers exactly its C block: the tiles' C blocks tile C.
    @Test func gridTilesCoverCOnce() throws {
        let grid = try TileGrid(m: 7, n: 5, gridRows: 3, gridCols: 2)
        let c = OperandLayout(offset: 0, rows: 7, cols: 5, leadingDimension: 5)
        let a = OperandLayout(offset: 0, rows: 7, cols: 2, leadingDimension: 2)
        let b = OperandLayout(offset: 0, rows: 2, cols: 5, leadingDimension: 5)
        var covered = Array(repeating: 0, count: 35)
        for tile in grid.tiles {
            let block = TileOperands(a: a, b: b, c: c, rows: tile.rows, cols: tile.cols).c
            for i in 0..<block.rows {
                for j in 0..<block.cols { covered[block.offset / 8 + i * block.leadingDimension + j] += 1 }
            }
        }
        #expect(covered.allSatisfy { $0 == 1 })
    }

    /// The views a `message` task ships are the same blocks as the layouts.
    @Test func viewBlocksMatchTheLayoutBlocks() {
        let a = Matrix(rows: 6, cols: 4), b = Matrix(rows: 4, cols: 10), c = Matrix(rows: 6, cols: 10)
        let blocks = TileOperands.blocks(a: a.view, b: b.view, c: c.view, rows: 2..<5, cols: 3..<7)
        #expect(blocks.a.base == a.view.base + 2 * 4 && blocks.a.rows == 3 && blocks.a.cols == 4)
        #expect(blocks.b.base == b.view.base + 3 && blocks.b.rows == 4 && blocks.b.cols == 4)
        #expect(blocks.c.base == c.view.base + 2 * 10 + 3 && blocks.c.rows == 3 && blocks.c.cols == 4)
        #expect(blocks.c.leadingDimension == 10)
    }
}
