import ChainPlanning
import Vocabulary

/// C (m×n) cut into a `gridRows × gridCols` grid of tiles whose sizes differ by
/// at most one row or column. Every element of C is in exactly one tile.
/// The bands are `TileSplit`'s (ChainPlanning), the one tiling the gemm and chain
/// runners share; this type adds `--split` parsing, validation and the default grid.
///
/// Tile (i, j) computes C_ij = Σ_p A_ip · B_pj. The lecture's 2×2 split
/// (C11 = A11·B11 + A12·B21, …) is `TileGrid(gridRows: 2, gridCols: 2)`: each
/// task multiplies A's row panel [A_i1 A_i2] by B's column panel [B_1j; B_2j],
/// which is that sum done in one call (one pass over C instead of two).
public struct TileGrid: Equatable, Sendable {
    public struct Tile: Equatable, Sendable {
        public let gridRow: Int, gridCol: Int
        public let rowStart: Int, rowCount: Int
        public let colStart: Int, colCount: Int
        /// The rows of C (and of A) this tile covers.
        public var rows: Range<Int> { rowStart..<(rowStart + rowCount) }
        /// The columns of C (and of B) this tile covers.
        public var cols: Range<Int> { colStart..<(colStart + colCount) }
        public var label: String { "C\(gridRow + 1),\(gridCol + 1) rows \(rowStart)..<\(rowStart + rowCount) cols \(colStart)..<\(colStart + colCount)" }
    }

    public enum SplitError: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case tooManyTiles(gridRows: Int, gridCols: Int, m: Int, n: Int)
        public var description: String {
            switch self {
            case .malformed(let text): return "--split \(text) is not RxC with R, C ≥ 1 (e.g. 2x2)"
            case .tooManyTiles(let r, let c, let m, let n):
                return "--split \(r)x\(c) has more tiles than the \(m)x\(n) result has rows or columns"
            }
        }
    }

    public let m: Int, n: Int
    public let gridRows: Int, gridCols: Int

    public init(m: Int, n: Int, gridRows: Int, gridCols: Int) throws(SplitError) {
        guard gridRows >= 1, gridCols >= 1 else { throw .malformed("\(gridRows)x\(gridCols)") }
        guard gridRows <= max(m, 1), gridCols <= max(n, 1) else {
            throw .tooManyTiles(gridRows: gridRows, gridCols: gridCols, m: m, n: n)
        }
        self.init(checkedM: m, n: n, gridRows: gridRows, gridCols: gridCols)
    }

    /// For grids already known to fit.
    private init(checkedM m: Int, n: Int, gridRows: Int, gridCols: Int) {
        self.m = m; self.n = n
        self.gridRows = gridRows; self.gridCols = gridCols
    }

    /// Parses `--split RxC` with the one grid rule (`GridShape(parsing:)`).
    public static func parseSplit(_ text: String) throws(SplitError) -> GridShape {
        guard let grid = GridShape(parsing: text) else { throw .malformed(text) }
        return grid
    }

    /// The default for P workers: P tiles (one each, nothing left to balance on
    /// equal cores), cut along the longer side first so tiles stay square-ish
    /// and each task's B panel stays large enough for the kernel to run well.
    public static func defaultGrid(m: Int, n: Int, workers: Int) -> TileGrid {
        let p = max(workers, 1)
        var best = (rows: 1, cols: 1, score: Double.infinity)
        // Fewer, taller tiles first on ties: a row panel of row-major A is contiguous.
        for rows in stride(from: p, through: 1, by: -1) where p % rows == 0 {
            let cols = p / rows
            guard rows <= max(m, 1), cols <= max(n, 1) else { continue }
            // Aspect ratio of a tile, as a factor ≥ 1: 1 is a square tile.
            let aspect = (Double(m) / Double(rows)) / (Double(n) / Double(cols))
            let score = max(aspect, 1 / aspect)
            if score < best.score { best = (rows, cols, score) }
        }
        // The loop only keeps grids that fit, and 1×1 always does.
        return TileGrid(checkedM: m, n: n, gridRows: best.rows, gridCols: best.cols)
    }

    /// The split this grid is: `gridRows × gridCols` bands.
    public var split: TileSplit { TileSplit(rows: gridRows, cols: gridCols) }

    /// The tiles row band by row band (`TileSplit.tiles`). The initialisers keep
    /// gridRows ≤ m and gridCols ≤ n (m, n ≥ 1), so no band is empty and tile i sits at
    /// grid position (i / gridCols, i % gridCols).
    public var tiles: [Tile] {
        split.tiles(m: m, n: n).enumerated().map { index, tile in
            Tile(gridRow: index / gridCols, gridCol: index % gridCols,
                 rowStart: tile.rows.lowerBound, rowCount: tile.rows.count,
                 colStart: tile.cols.lowerBound, colCount: tile.cols.count)
        }
    }

    public var splitText: String { split.description }
}
