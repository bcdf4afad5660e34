import Testing
@testable import Runners
import GemmCore

@Suite("TileGrid")
struct TileGridTests {
    /// Every element of C is in exactly one tile, and tile heights (widths)
    /// differ by at most one across grid rows (columns).
    func checkCover(_ grid: TileGrid, sourceLocation: SourceLocation = #_sourceLocation) {
        let tiles = grid.tiles
        #expect(tiles.count == grid.gridRows * grid.gridCols, sourceLocation: sourceLocation)
        var owner = [Int](repeating: 0, count: grid.m * grid.n)
        for tile in tiles {
            #expect(tile.rowCount >= 1 || grid.m == 0, "empty tile \(tile.label)", sourceLocation: sourceLocation)
            #expect(tile.colCount >= 1 || grid.n == 0, "empty tile \(tile.label)", sourceLocation: sourceLocation)
            for i in tile.rowStart..<(tile.rowStart + tile.rowCount) {
                for j in tile.colStart..<(tile.colStart + tile.colCount) { owner[i * grid.n + j] += 1 }
            }
        }
        let wrong = owner.filter { $0 != 1 }.count
        #expect(wrong == 0, "\(wrong) elements of \(grid.m)x\(grid.n) not covered exactly once by \(grid.splitText)",
                sourceLocation: sourceLocation)
        let heights = tiles.map(\.rowCount), widths = tiles.map(\.colCount)
        #expect(heights.max()! - heights.min()! <= 1, "heights \(Set(heights))", sourceLocation: sourceLocation)
        #expect(widths.max()! - widths.min()! <= 1, "widths \(Set(widths))", sourceLocation: sourceLocation)
        // Tiles in one grid row share their rows; in one grid column their columns.
        for tile in tiles {
            let left = tiles.first { $0.gridRow == tile.gridRow && $0.gridCol == 0 }!
            let top = tiles.first { $0.gridRow == 0 && $0.gridCol == tile.gridCol }!
            #expect(tile.rowStart == left.rowStart && tile.colStart == top.colStart, sourceLocation: sourceLocation)
        }
    }

    @Test("random grids cover C exactly once with balanced tiles")
    func randomCover() throws {
        var generator = SeededRandom(seed: 2024)
        for _ in 0..<300 {
            let m = Int(generator.next() % 60) + 1, n = Int(generator.next() % 60) + 1
            let rows = Int(generator.next() % UInt64(min(m, 9))) + 1
            let cols = Int(generator.next() % UInt64(min(n, 9))) + 1
            checkCover(try TileGrid(m: m, n: n, gridRows: rows, gridCols: cols))
        }
    }

    @Test("edge grids: 1×1, one tile per row, one tile per column")
    func edgeGrids() throws {
        checkCover(try TileGrid(m: 1, n: 1, gridRows: 1, gridCols: 1))
        checkCover(try TileGrid(m: 7, n: 5, gridRows: 7, gridCols: 5))
        checkCover(try TileGrid(m: 100, n: 1, gridRows: 100, gridCols: 1))
        checkCover(try TileGrid(m: 1000, n: 3, gridRows: 7, gridCols: 3))
    }

    @Test("the lecture's 2×2 split labels tiles C1,1 … C2,2")
    func lectureSplit() throws {
        let grid = try TileGrid(m: 10, n: 6, gridRows: 2, gridCols: 2)
        #expect(grid.tiles.map { $0.label.split(separator: " ").first.map(String.init) } == ["C1,1", "C1,2", "C2,1", "C2,2"])
        #expect(grid.tiles[3] == .init(gridRow: 1, gridCol: 1, rowStart: 5, rowCount: 5, colStart: 3, colCount: 3))
        #expect(grid.splitText == "2x2")
    }

    @Test("more tiles than rows or columns is an error, as is a zero count")
    func tooManyTiles() {
        #expect(throws: TileGrid.SplitError.tooManyTiles(gridRows: 4, gridCols: 1, m: 3, n: 3)) {
            try TileGrid(m: 3, n: 3, gridRows: 4, gridCols: 1)
        }
        #expect(throws: TileGrid.SplitError.tooManyTiles(gridRows: 1, gridCols: 6, m: 9, n: 5)) {
            try TileGrid(m: 9, n: 5, gridRows: 1, gridCols: 6)
        }
        #expect(throws: TileGrid.SplitError.self) { try TileGrid(m: 3, n: 3, gridRows: 0, gridCols: 1) }
        #expect(throws: TileGrid.SplitError.self) { try TileGrid(m: 3, n: 3, gridRows: 1, gridCols: -2) }
        let description = TileGrid.SplitError.tooManyTiles(gridRows: 5, gridCols: 5, m: 3, n: 3).description
        #expect(description.contains("5x5") && description.contains("3x3"))
    }

    @Test("parseSplit accepts RxC", arguments: [("2x2", 2, 2), ("3X1", 3, 1), ("1x7", 1, 7), ("2×3", 2, 3), ("10x10", 10, 10)])
    func parseAccepts(text: String, rows: Int, cols: Int) throws {
        let parsed = try TileGrid.parseSplit(text)
        #expect(parsed.rows == rows && parsed.cols == cols)
    }

    @Test("parseSplit rejects malformed text", arguments: ["0x2", "2x0", "2x", "x2", "x", "", "-1x2", "ax2", "2x2x2", "2", "2*2", " 2x2", "2.5x2"])
    func parseRejects(text: String) {
        #expect(throws: TileGrid.SplitError.malformed(text)) { try TileGrid.parseSplit(text) }
    }

    @Test("defaultGrid gives P tiles whenever the shape allows", arguments: 1...8)
    func defaultGridCount(workers: Int) {
        for (m, n) in [(100, 100), (2048, 2048), (64, 1000), (1000, 64), (8, 8)] {
            let grid = TileGrid.defaultGrid(m: m, n: n, workers: workers)
            #expect(grid.tiles.count == workers, "\(m)x\(n) with \(workers) workers → \(grid.splitText)")
            checkCover(grid)
        }
    }

    @Test("defaultGrid keeps tiles square-ish and never makes more tiles than fit")
    func defaultGridShape() {
        #expect(TileGrid.defaultGrid(m: 100, n: 100, workers: 4).splitText == "2x2")
        #expect(TileGrid.defaultGrid(m: 1, n: 100, workers: 4).splitText == "1x4")
        #expect(TileGrid.defaultGrid(m: 100, n: 1, workers: 2).splitText == "2x1")
        #expect(TileGrid.defaultGrid(m: 1000, n: 10, workers: 4).splitText == "4x1")
        #expect(TileGrid.defaultGrid(m: 100, n: 100, workers: 0).tiles.count == 1)
        let tiny = TileGrid.defaultGrid(m: 1, n: 1, workers: 3)
        #expect(tiny.tiles.count == 1)
        let prime = TileGrid.defaultGrid(m: 2, n: 2, workers: 3)
        #expect(prime.tiles.count <= 3)
        checkCover(prime)
    }
}
