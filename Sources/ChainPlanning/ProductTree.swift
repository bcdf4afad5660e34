/// A parenthesisation of factors lo..<hi as a full binary tree.
indirect enum ProductTree: Hashable, Sendable {
    case factor(Int)
    case product(ProductTree, ProductTree)

    var lo: Int {
        switch self {
        case .factor(let i): return i
        case .product(let left, _): return left.lo
        }
    }

    var hi: Int {
        switch self {
        case .factor(let i): return i + 1
        case .product(_, let right): return right.hi
        }
    }

    /// "A" for a factor, "(L·R)" for a product, outermost parentheses included.
    var expression: String {
        switch self {
        case .factor(let i): return factorName(i)
        case .product(let left, let right): return "(" + left.expression + "·" + right.expression + ")"
        }
    }

    /// Σ 2·d[lo]·d[mid]·d[hi] over the tree's products.
    func flops(dims: [Int]) -> Double {
        flatten(dims: dims).reduce(0) { $0 + $1.shape.flops }
    }

    /// The tree's products in post-order (children before parents, left before
    /// right); `Operand.product(i)` refers to index i of the returned array, and
    /// the root is last. Empty for a single factor.
    func flatten(dims: [Int]) -> [TreeProduct] {
        var products: [TreeProduct] = []
        func visit(_ node: ProductTree) -> Operand {
            switch node {
            case .factor(let i):
                return .factor(i)
            case .product(let left, let right):
                let lhs = visit(left), rhs = visit(right)
                let lo = node.lo, mid = left.hi, hi = node.hi
                products.append(TreeProduct(
                    lhs: lhs, rhs: rhs, factors: lo..<hi,
                    shape: ProductShape(m: dims[lo], k: dims[mid], n: dims[hi]),
                    expression: node.expression))
                return .product(products.count - 1)
            }
        }
        _ = visit(self)
        return products
    }
}

/// One product node of a flattened `ProductTree`.
struct TreeProduct: Sendable {
    let lhs: Operand
    let rhs: Operand
    let factors: Range<Int>
    let shape: ProductShape
    let expression: String

    /// Indices of the products this one consumes.
    var dependencies: [Int] {
        [lhs, rhs].compactMap { if case .product(let i) = $0 { return i } else { return nil } }
    }
}
