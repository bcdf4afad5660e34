import ChainPlanning

/// Where `chain --planner parallel` runs each product of the plan's tree on
/// SUMMA: which nodes (grid members) form the sub-grid it runs on.
///
/// At a product whose two operands are both products, the two subtrees are
/// independent. Its nodes are cut into two consecutive ranges sized by the
/// subtrees' flops fL and fR: the left gets
///
///     nL = min(max(round(N·fL / (fL + fR)), 1), N − 1)
///
/// nodes and the right the other N − nL. The subtrees then run side by side
/// on those sub-grids, each recursively the same way, and the product itself
/// runs on all N nodes once both results are moved there. They run side by
/// side only when N ≥ 2 and the rounding costs little: the slower side's
/// flops per node, max(fL/nL, fR/nR), must be at most `maximumImbalance` times
/// (fL + fR)/N, what one after the other on all N nodes gives each node.
/// Otherwise (one node, a subtree too small for a whole node) both subtrees
/// run one after the other on all N nodes, and `notes` says why.
///
/// There is no floor on a product's size: side by side, a sub-grid of one
/// node sends nothing and a move is one `MPI_Alltoallv`, where the whole grid
/// pays SUMMA's broadcasts for every product. On 2 one-rank nodes (release,
/// TCP on loopback) `--dims 8,8,8,8,8` took a median 35 µs side by side against
/// 46 µs one after the other (`--planner tree`, the same tree), 64-wide 64 µs
/// against 74 µs.
public struct SubgridSchedule: Sendable {
    /// The slowest side's flops per node over the whole grid's, above which the
    /// subtrees run one after the other: 1.25 lets a 3:2 cut of 2 nodes
    /// (1.2) run side by side, and keeps a 4:1 cut (1.6) sequential.
    static let maximumImbalance = 1.25

    indirect enum Node: Sendable, Equatable {
        case factor(Int)
        /// plan.steps[step] on nodes `nodes`; `sideBySide` when lhs and rhs run
        /// on disjoint parts of `nodes`, otherwise both on `nodes` too.
        case product(step: Int, nodes: Range<Int>, sideBySide: Bool, lhs: Node, rhs: Node)

        var nodes: Range<Int>? {
            if case .product(_, let nodes, _, _, _) = self { return nodes }
            return nil
        }
    }

    let root: Node
    /// One line per product whose subtrees ran one after the other although
    /// both are products, or one line when the grid has a single node.
    let notes: [String]

    /// Any product that runs its subtrees side by side.
    var splits: Bool {
        func visit(_ node: Node) -> Bool {
            guard case .product(_, _, let sideBySide, let lhs, let rhs) = node else { return false }
            return sideBySide || visit(lhs) || visit(rhs)
        }
        return visit(root)
    }

    /// With `sideBySide` false (the left, optimal and tree planners) every
    /// product runs on all nodes, one after the other, and there are no notes.
    public init(plan: ChainPlan, nodeCount: Int, sideBySide allowed: Bool = true) {
        precondition(nodeCount >= 1 && !plan.steps.isEmpty, "a schedule needs a node and a product")
        var notes: [String] = []
        func flops(_ operand: Operand) -> Double {
            guard case .product(let index) = operand else { return 0 }
            let step = plan.steps[index]
            return step.flops + flops(step.lhs) + flops(step.rhs)
        }
        func build(_ operand: Operand, on nodes: Range<Int>) -> Node {
            guard case .product(let index) = operand else {
                if case .factor(let factor) = operand { return .factor(factor) }
                preconditionFailure("operand \(operand)")
            }
            let step = plan.steps[index]
            guard allowed, case .product(let left) = step.lhs, case .product(let right) = step.rhs, nodes.count >= 2 else {
                return .product(step: index, nodes: nodes, sideBySide: false,
                                lhs: build(step.lhs, on: nodes), rhs: build(step.rhs, on: nodes))
            }
            let fL = flops(step.lhs), fR = flops(step.rhs)
            let leftNodes = Self.leftShare(nodes: nodes.count, leftFlops: fL, rightFlops: fR)
            let imbalance = Self.imbalance(nodes: nodes.count, leftNodes: leftNodes, leftFlops: fL, rightFlops: fR)
            guard imbalance <= Self.maximumImbalance else {
                notes.append("\(plan.steps[left].expression) and \(plan.steps[right].expression) ran one after the other on "
                             + "\(nodes.count) nodes: cut \(leftNodes):\(nodes.count - leftNodes) by flops, the slower side "
                             + "would do \(Self.percent(imbalance)) of a node's share (limit \(Self.percent(Self.maximumImbalance)))")
                return .product(step: index, nodes: nodes, sideBySide: false,
                                lhs: build(step.lhs, on: nodes), rhs: build(step.rhs, on: nodes))
            }
            let cut = nodes.lowerBound + leftNodes
            return .product(step: index, nodes: nodes, sideBySide: true,
                            lhs: build(step.lhs, on: nodes.lowerBound..<cut), rhs: build(step.rhs, on: cut..<nodes.upperBound))
        }
        root = build(.product(plan.steps.count - 1), on: 0..<nodeCount)
        if !allowed {
            notes = []
        } else if nodeCount == 1 {
            notes = ["one node: every product ran on the whole grid (no disjoint sub-grids to run side by side)"]
        } else if !Self.hasIndependentProducts(plan) {
            notes = ["\(plan.parenthesization) has no two independent products: each ran on the whole grid"]
        }
        self.notes = notes
    }

    /// For the report: one line per product whose subtrees ran side by side
    /// ("(A·B) on nodes 0-1 beside (C·D) on node 2"), then `notes`.
    public func reportLines(plan: ChainPlan) -> [String] {
        var lines: [String] = []
        func name(_ nodes: Range<Int>) -> String {
            nodes.count == 1 ? "node \(nodes.lowerBound)" : "nodes \(nodes.lowerBound)-\(nodes.upperBound - 1)"
        }
        func visit(_ node: Node) {
            guard case .product(let index, _, let sideBySide, let lhs, let rhs) = node else { return }
            if sideBySide, case .product(let left, let leftNodes, _, _, _) = lhs, case .product(let right, let rightNodes, _, _, _) = rhs {
                lines.append("sub-grids: \(plan.steps[left].expression) on \(name(leftNodes)) beside "
                             + "\(plan.steps[right].expression) on \(name(rightNodes)), then \(plan.steps[index].expression) on all of them")
            }
            visit(lhs)
            visit(rhs)
        }
        visit(root)
        return lines + notes
    }

    /// nL above.
    static func leftShare(nodes: Int, leftFlops: Double, rightFlops: Double) -> Int {
        let total = leftFlops + rightFlops
        let ideal = total > 0 ? (Double(nodes) * leftFlops / total).rounded() : Double(nodes / 2)
        return min(max(Int(ideal), 1), nodes - 1)
    }

    /// max(fL/nL, fR/nR) / ((fL + fR)/N); 1 for no flops.
    static func imbalance(nodes: Int, leftNodes: Int, leftFlops: Double, rightFlops: Double) -> Double {
        let total = leftFlops + rightFlops
        guard total > 0 else { return 1 }
        let slower = max(leftFlops / Double(leftNodes), rightFlops / Double(nodes - leftNodes))
        return slower / (total / Double(nodes))
    }

    static func hasIndependentProducts(_ plan: ChainPlan) -> Bool {
        plan.steps.contains { step in
            if case .product = step.lhs, case .product = step.rhs { return true }
            return false
        }
    }

    static func percent(_ ratio: Double) -> String { "\(Int((ratio * 100).rounded()))%" }
}
