import Testing
import Vocabulary

/// The one `PxQ` rule every grid reader uses (`--grid`, `--split`, a suite's
/// `grid`, the calibration cache).
@Suite("grid shape")
struct GridShapeTests {
    @Test("PxQ with x, X or ×; leading zeros dropped in the canonical text", arguments: [
        ("2x3", 2, 3), ("4X1", 4, 1), ("2×3", 2, 3), ("1x7", 1, 7), ("10x10", 10, 10), ("02x1", 2, 1),
        ("1x9223372036854775807", 1, Int.max),
    ])
    func accepted(text: String, rows: Int, cols: Int) throws {
        let grid = try #require(GridShape(parsing: text))
        #expect(grid == GridShape(rows: rows, cols: cols))
        #expect(grid.description == "\(rows)x\(cols)")
        #expect(GridShape(parsing: grid.description) == grid, "the canonical text reads back")
    }

    @Test("anything else is refused: signs, spaces, zero, other separators, a count past Int", arguments: [
        "", "2", "x", "x2", "2x", "0x2", "2x0", "-1x2", "2x-1", "+1x2", "2x+1", " 2x2", "2x2 ", "2 x2", "2x2x2",
        "axb", "ax2", "2.5x2", "2*2", "2by1", "2×", "٢x٢", "3037000500x3037000500", "99999999999999999999x1",
    ])
    func refused(text: String) {
        #expect(GridShape(parsing: text) == nil, "'\(text)' accepted")
    }

    @Test("count is P · Q")
    func count() {
        #expect(GridShape(rows: 3, cols: 5).count == 15)
    }
}
