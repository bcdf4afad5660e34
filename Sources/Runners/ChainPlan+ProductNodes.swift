import ChainPlanning
import GemmCore

extension ChainPlan {
    /// The plan's products as the verification's tree: step s multiplies factors
    /// lo..<mid (its left operand's span) by mid..<hi.
    public var productNodes: [ProductNode] {
        steps.map { step in
            let mid: Int
            switch step.lhs {
            case .factor(let i): mid = i + 1
            case .product(let j): mid = steps[j].factors.upperBound
            }
            return ProductNode(lo: step.factors.lowerBound, mid: mid, hi: step.factors.upperBound)
        }
    }
}
