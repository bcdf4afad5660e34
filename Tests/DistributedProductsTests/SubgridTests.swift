import ChainPlanning
import Testing
@testable import DistributedProducts
import Vocabulary

/// `chain --planner parallel` on SUMMA without mpirun: which products the
/// schedule runs side by side on which nodes, and the exchange that moves a
/// matrix between two layouts.
@Suite("SUMMA chains on sub-grids: schedule and redistribution")
struct SubgridTests {
    /// ((A·B)·(C·D)) with equal halves: 2·10·20·10 flops each side.
    static let balanced = [10, 20, 10, 20, 10]

    @Test("independent products split the nodes by flops; the product then runs on all of them")
    func balancedSplit() throws {
        let plan = try makePlan(dims: Self.balanced, planner: .tree, workers: 0)
        let schedule = SubgridSchedule(plan: plan, nodeCount: 5)
        guard case .product(_, let nodes, let sideBySide, let lhs, let rhs) = schedule.root else {
            Issue.record("root is not a product"); return
        }
        #expect(nodes == 0..<5 && sideBySide)
        // 5 nodes for equal halves: round(2.5) = 2 (to even) or 3, at least one each, no overlap.
        let left = try #require(lhs.nodes), right = try #require(rhs.nodes)
        #expect(left.lowerBound == 0 && left.upperBound == right.lowerBound && right.upperBound == 5 && left.count >= 1 && right.count >= 1)
        #expect(schedule.splits && schedule.notes.isEmpty)
        let lines = schedule.reportLines(plan: plan)
        #expect(lines.first?.hasPrefix("sub-grids: (A·B) on nodes 0-") == true, "\(lines)")
    }

    @Test("one node, a chain with no independent products, or the other planners: one after the other, saying why")
    func sequential() throws {
        let tree = try makePlan(dims: Self.balanced, planner: .tree, workers: 0)
        let one = SubgridSchedule(plan: tree, nodeCount: 1)
        #expect(!one.splits && one.notes.first?.hasPrefix("one node") == true, "\(one.notes)")
        let left = try makePlan(dims: Self.balanced, planner: .left, workers: 0)
        let chain = SubgridSchedule(plan: left, nodeCount: 4)
        #expect(!chain.splits && chain.notes.first?.contains("has no two independent products") == true, "\(chain.notes)")
        let notAllowed = SubgridSchedule(plan: tree, nodeCount: 4, sideBySide: false)
        #expect(!notAllowed.splits && notAllowed.notes.isEmpty)
    }

    @Test("a side much smaller than a node's share runs after the other on every node")
    func tinySide() throws {
        // (A·B) takes 2·100·100·100 flops, (C·D) 2·100·2·100: a 1:1 cut of 2 nodes leaves one idle most of the time.
        let plan = try makePlan(dims: [100, 100, 100, 2, 100], planner: .tree, workers: 0)
        let schedule = SubgridSchedule(plan: plan, nodeCount: 2)
        #expect(!schedule.splits)
        #expect(schedule.notes.count == 1 && schedule.notes[0].contains("ran one after the other on 2 nodes"), "\(schedule.notes)")
    }

    @Test("the cut: nL = round(N·fL/(fL+fR)) kept in 1…N−1; imbalance = slower side's flops per node over the even share")
    func cutArithmetic() {
        #expect(SubgridSchedule.leftShare(nodes: 4, leftFlops: 3, rightFlops: 1) == 3)
        #expect(SubgridSchedule.leftShare(nodes: 4, leftFlops: 1000, rightFlops: 1) == 3)
        #expect(SubgridSchedule.leftShare(nodes: 4, leftFlops: 1, rightFlops: 1000) == 1)
        #expect(SubgridSchedule.leftShare(nodes: 2, leftFlops: 0, rightFlops: 0) == 1)
        #expect(SubgridSchedule.imbalance(nodes: 4, leftNodes: 3, leftFlops: 3, rightFlops: 1) == 1)
        // 2 nodes, 3:1 flops cut 1:1: the left node does 3 of an even share of 2.
        #expect(SubgridSchedule.imbalance(nodes: 2, leftNodes: 1, leftFlops: 3, rightFlops: 1) == 1.5)
    }

    // MARK: redistribution

    typealias Rectangle = BlockRedistribution.Rectangle

    /// Every rank's own rectangle of a rows×cols matrix cut as `NodeMatrix` cuts
    /// it: over `grid` of nodes, node i being ranks `nodes[i]`, rank r of a node
    /// owning BlockPartition(block rows, ranks on the node).range(r). Ranks in no
    /// node of the layout own nothing.
    static func ownRectangles(rows: Int, cols: Int, grid: ProcessGrid, nodes: [Range<Int>], ranks: Int) -> [Rectangle] {
        var owned = Array(repeating: Rectangle.empty, count: ranks)
        let rowParts = BlockPartition(total: rows, parts: grid.rows), colParts = BlockPartition(total: cols, parts: grid.cols)
        for (index, node) in nodes.enumerated() {
            let blockRows = rowParts.range(grid.row(of: index)), blockCols = colParts.range(grid.col(of: index))
            let within = BlockPartition(total: blockRows.count, parts: node.count)
            for (local, rank) in node.enumerated() {
                let own = within.range(local)
                let rect = Rectangle(rows: (blockRows.lowerBound + own.lowerBound)..<(blockRows.lowerBound + own.upperBound), cols: blockCols)
                owned[rank] = rect.count > 0 ? rect : .empty
            }
        }
        return owned
    }

    @Test("every destination element arrives exactly once, from the rank that owned it; what i sends j is what j receives from i",
          arguments: [
            // (rows, cols, source grid, source nodes, destination grid, destination nodes, ranks)
            (37, 41, ProcessGrid(rows: 1, cols: 1), [0..<1], ProcessGrid(rows: 1, cols: 2), [0..<1, 1..<2], 2),
            (37, 41, ProcessGrid(rows: 1, cols: 2), [2..<3, 3..<5], ProcessGrid(rows: 2, cols: 2), [0..<2, 2..<3, 3..<4, 4..<5], 5),
            (53, 29, ProcessGrid(rows: 1, cols: 1), [1..<3], ProcessGrid(rows: 1, cols: 2), [0..<1, 1..<3], 3),
            (7, 3, ProcessGrid(rows: 2, cols: 1), [0..<2, 2..<4], ProcessGrid(rows: 1, cols: 4), [0..<1, 1..<2, 2..<3, 3..<4], 4),
          ])
    func exchangeCoversOnce(rows: Int, cols: Int, sourceGrid: ProcessGrid, sourceNodes: [Range<Int>],
                            destinationGrid: ProcessGrid, destinationNodes: [Range<Int>], ranks: Int) {
        let sources = Self.ownRectangles(rows: rows, cols: cols, grid: sourceGrid, nodes: sourceNodes, ranks: ranks)
        let destinations = Self.ownRectangles(rows: rows, cols: cols, grid: destinationGrid, nodes: destinationNodes, ranks: ranks)
        let exchanges = (0..<ranks).map {
            BlockRedistribution.Exchange(ownSource: sources[$0], ownDestination: destinations[$0],
                                         sources: sources, destinations: destinations)
        }
        var arrivals = Array(repeating: Array(repeating: 0, count: cols), count: rows)
        for j in 0..<ranks {
            for i in 0..<ranks {
                #expect(exchanges[i].sends[j] == exchanges[j].receives[i], "\(i) → \(j)")
                let piece = exchanges[j].receives[i]
                for row in piece.rows {
                    for col in piece.cols {
                        arrivals[row][col] += 1
                        #expect(sources[i].rows.contains(row) && sources[i].cols.contains(col), "\(i) sent what it does not own")
                        #expect(destinations[j].rows.contains(row) && destinations[j].cols.contains(col), "\(j) got what it will not own")
                    }
                }
            }
        }
        #expect(arrivals.allSatisfy { $0.allSatisfy { $0 == 1 } }, "some element arrived not exactly once")
    }

    @Test("packing a piece row by row and unpacking it puts each element back at its global place")
    func packAndUnpack() {
        var source = (0..<(5 * 7)).map(Double.init)
        var target = [Double](repeating: -1, count: 4 * 3)
        let piece = Rectangle(rows: 11..<13, cols: 21..<24)
        var packed = [Double](repeating: 0, count: piece.count)
        source.withUnsafeMutableBufferPointer { source in
            let block = DistributedBlock(rowStart: 10, colStart: 20, rows: 5, cols: 7, base: source.baseAddress!, rowStride: 7, colStride: 1)
            packed.withUnsafeMutableBufferPointer { BlockRedistribution.copy(piece, from: block, into: $0.baseAddress!) }
        }
        #expect(packed == [8, 9, 10, 15, 16, 17])
        target.withUnsafeMutableBufferPointer { target in
            let block = DistributedBlock(rowStart: 11, colStart: 21, rows: 4, cols: 3, base: target.baseAddress!, rowStride: 3, colStride: 1)
            packed.withUnsafeBufferPointer { BlockRedistribution.copy(piece, from: $0.baseAddress!, into: block) }
        }
        #expect(target == [8, 9, 10, 15, 16, 17, -1, -1, -1, -1, -1, -1])
    }
}
