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
}
