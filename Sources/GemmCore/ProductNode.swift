/// One product of an evaluated chain, by factor index: the product of factors
/// lo..<hi computed as (F_lo·…·F_{mid−1}) · (F_mid·…·F_{hi−1}), inner dimension
/// dims[mid]. A plan tree is the list of its nodes; the check needs it because
/// each product rounds once, and where it sits in the chain decides how far that
/// rounding is carried into Y.
public struct ProductNode: Sendable, Hashable, CustomStringConvertible {
    public let lo: Int
    public let mid: Int
    public let hi: Int

    public init(lo: Int, mid: Int, hi: Int) {
        precondition(lo < mid && mid < hi, "a product node needs lo < mid < hi")
        self.lo = lo; self.mid = mid; self.hi = hi
    }

    public var description: String { "[\(lo)..<\(mid) · \(mid)..<\(hi)]" }

    /// The one product A·B.
    public static let single = [ProductNode(lo: 0, mid: 1, hi: 2)]

    /// ((F₀·F₁)·F₂)·…: the tree of a chain evaluated left to right.
    public static func leftDeep(factors: Int) -> [ProductNode] {
        factors < 2 ? [] : (2...factors).map { ProductNode(lo: 0, mid: $0 - 1, hi: $0) }
    }

    /// Whether `nodes` is a full binary tree over factors 0..<factors (each node's
    /// halves are a factor or another node, and the root spans them all).
    public static func isTree(_ nodes: [ProductNode], factors: Int) -> Bool {
        guard factors >= 1 else { return false }
        if factors == 1 { return nodes.isEmpty }
        let spans = Set(nodes.map { $0.lo..<$0.hi })
        guard spans.count == nodes.count, nodes.count == factors - 1, spans.contains(0..<factors) else { return false }
        return nodes.allSatisfy { node in
            (node.mid - node.lo == 1 || spans.contains(node.lo..<node.mid))
                && (node.hi - node.mid == 1 || spans.contains(node.mid..<node.hi))
        }
    }
}
