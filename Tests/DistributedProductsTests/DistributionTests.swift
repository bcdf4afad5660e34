import GemmCore
import Testing
@testable import DistributedProducts
import Vocabulary

/// The pure arithmetic every rank repeats identically: grids, block cuts,
/// SUMMA's panels, generated elements.
@Suite("MPI distribution arithmetic")
struct DistributionTests {
    @Test("the most square grid: P·Q = count, P ≤ Q, P the largest such divisor")
    func mostSquareGrid() {
        #expect(ProcessGrid.mostSquare(1) == ProcessGrid(rows: 1, cols: 1))
        #expect(ProcessGrid.mostSquare(2) == ProcessGrid(rows: 1, cols: 2))
        #expect(ProcessGrid.mostSquare(4) == ProcessGrid(rows: 2, cols: 2))
        #expect(ProcessGrid.mostSquare(6) == ProcessGrid(rows: 2, cols: 3))
        #expect(ProcessGrid.mostSquare(7) == ProcessGrid(rows: 1, cols: 7))
        for count in 1...200 {
            let grid = ProcessGrid.mostSquare(count)
            #expect(grid.count == count && grid.rows <= grid.cols)
            for p in (grid.rows + 1)...max(grid.rows + 1, count) where p * p <= count {
                #expect(count % p != 0, "\(count): \(p) rows would be squarer than \(grid)")
            }
        }
    }

    @Test("--grid PxQ parses whole numbers ≥ 1 and nothing else")
    func gridParsing() {
        #expect(ProcessGrid(parsing: "2x3") == ProcessGrid(rows: 2, cols: 3))
        #expect(ProcessGrid(parsing: "4X1") == ProcessGrid(rows: 4, cols: 1))
        for bad in ["", "2", "x2", "2x", "0x2", "2x-1", "2x2x2", "axb", "2.5x2"] {
            #expect(ProcessGrid(parsing: bad) == nil, "'\(bad)' accepted")
        }
    }

    @Test("block partitions are contiguous, cover everything once, differ by at most one")
    func blockPartitions() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<300 {
            let total = Int(random.next() % 200), parts = 1 + Int(random.next() % 17)
            let partition = BlockPartition(total: total, parts: parts)
            #expect(partition.start(0) == 0 && partition.start(parts) == total)
            let counts = (0..<parts).map(partition.count)
            #expect(counts.max()! - counts.min()! <= 1)
            for part in 0..<parts {
                for index in partition.range(part) { #expect(partition.part(containing: index) == part) }
            }
        }
    }

    @Test("SUMMA's panels tile k in order, never wider than w, each inside one A and one B block")
    func summaPanels() {
        var random = SeededRandom(seed: 11)
        for _ in 0..<200 {
            let grid = ProcessGrid(rows: 1 + Int(random.next() % 5), cols: 1 + Int(random.next() % 5))
            let k = 1 + Int(random.next() % 300), width = 1 + Int(random.next() % 64)
            let plan = SummaPlan(m: 10, k: k, n: 10, grid: grid, width: width)
            var next = 0
            for panel in plan.panels {
                #expect(panel.start == next && panel.count >= 1 && panel.count <= width)
                next += panel.count
                let last = panel.start + panel.count - 1
                #expect(plan.kOfA.part(containing: last) == panel.aOwnerCol)
                #expect(plan.kOfB.part(containing: last) == panel.bOwnerRow)
                #expect(plan.kOfA.range(panel.aOwnerCol).contains(panel.start))
                #expect(plan.kOfB.range(panel.bOwnerRow).contains(panel.start))
            }
            #expect(next == k)
        }
    }

    @Test("panel width: the whole k without communication, else √(αβk/8(m+n)) clamped to [minimum, k]")
    func panelWidth() {
        let model = PanelCostModel(stepSeconds: 1e-4, bandwidthBytesPerSecond: 1e10, minimumWidth: 64)
        #expect(model.width(k: 5000, blockRows: 100, blockCols: 100, grid: ProcessGrid(rows: 1, cols: 1)) == 5000)
        // √(1e-4 · 1e10 · 8000 / (8 · 2000)) = √500000 ≈ 707
        #expect(model.width(k: 8000, blockRows: 1000, blockCols: 1000, grid: ProcessGrid(rows: 2, cols: 2)) == 707)
        // √(1e6 · 60 / 16000) ≈ 61 → the minimum 64 → but never more than k.
        #expect(model.width(k: 60, blockRows: 1000, blockCols: 1000, grid: ProcessGrid(rows: 1, cols: 2)) == 60)
        #expect(model.width(k: 8000, blockRows: 1_000_000, blockCols: 1_000_000, grid: ProcessGrid(rows: 2, cols: 2)) == 64)
    }

    @Test("any element equals what Matrix.random puts there, so ranks rebuild the single-process operands")
    func generatedElements() {
        var random = SeededRandom(seed: 3)
        for _ in 0..<20 {
            let rows = 1 + Int(random.next() % 40), cols = 1 + Int(random.next() % 40)
            let seed = random.next()
            let matrix = Matrix.random(rows: rows, cols: cols, seed: seed)
            let generator = ElementGenerator(seed: seed, cols: cols)
            for i in 0..<rows {
                for j in 0..<cols { #expect(generator.value(row: i, col: j) == matrix.view[i, j]) }
            }
        }
    }
}
