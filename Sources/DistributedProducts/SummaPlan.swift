import Vocabulary

/// Where SUMMA's blocks live and which panels it broadcasts: pure arithmetic,
/// the same on every rank, so no rank needs to be told.
///
/// On a P×Q grid, member (I, J) holds
///   A[rows(I), kOfA(J)], B[kOfB(I), cols(J)] and C[rows(I), cols(J)],
/// with rows = m cut into P parts, cols = n into Q parts, kOfA = k into Q parts
/// and kOfB = k into P parts (all `BlockPartition`s). The k axis is cut into
/// panels at every boundary of kOfA and kOfB and then into pieces at most
/// `width` long, so each panel has exactly one A owner (a grid column) and one
/// B owner (a grid row).
public struct SummaPlan: Sendable {
    public struct Panel: Equatable, Sendable {
        /// Global k range of the panel.
        public let start: Int
        public let count: Int
        /// The grid column whose A block holds these k columns (root of the row broadcast).
        public let aOwnerCol: Int
        /// The grid row whose B block holds these k rows (root of the column broadcast).
        public let bOwnerRow: Int
    }

    public let m: Int, k: Int, n: Int
    public let grid: ProcessGrid
    public let width: Int
    public let rows: BlockPartition
    public let cols: BlockPartition
    public let kOfA: BlockPartition
    public let kOfB: BlockPartition
    public let panels: [Panel]

    public init(m: Int, k: Int, n: Int, grid: ProcessGrid, width: Int) {
        precondition(width >= 1, "panel width must be positive")
        self.m = m; self.k = k; self.n = n
        self.grid = grid
        self.width = width
        rows = BlockPartition(total: m, parts: grid.rows)
        cols = BlockPartition(total: n, parts: grid.cols)
        kOfA = BlockPartition(total: k, parts: grid.cols)
        kOfB = BlockPartition(total: k, parts: grid.rows)

        var cuts = Set<Int>()
        for part in 0...grid.cols { cuts.insert(kOfA.start(part)) }
        for part in 0...grid.rows { cuts.insert(kOfB.start(part)) }
        let boundaries = cuts.sorted()
        var panels: [Panel] = []
        for (low, high) in zip(boundaries, boundaries.dropFirst()) where high > low {
            var start = low
            while start < high {
                let count = min(width, high - start)
                panels.append(Panel(start: start, count: count,
                                    aOwnerCol: kOfA.part(containing: start),
                                    bOwnerRow: kOfB.part(containing: start)))
                start += count
            }
        }
        self.panels = panels
    }
}
