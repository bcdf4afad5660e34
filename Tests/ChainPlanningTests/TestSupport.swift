import Testing
@testable import ChainPlanning
import Statistics

/// SplitMix64, so random chains are the same every run.
typealias SeededGenerator = SplitMix64

/// `count` random chains of 2…maxFactors factors, dims in 1…maxDim.
func randomChains(count: Int, maxFactors: Int, maxDim: Int, seed: UInt64) -> [[Int]] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { _ in
        let factors = Int.random(in: 2...maxFactors, using: &rng)
        return (0...factors).map { _ in Int.random(in: 1...maxDim, using: &rng) }
    }
}

/// Minimum flops over every full binary tree on factors i..<j, by explicit
/// enumeration of all trees (no memoisation: Catalan(k-1) trees).
func bruteForceFlops(_ dims: [Int], _ i: Int, _ j: Int) -> [Double] {
    guard j - i > 1 else { return [0] }
    var totals: [Double] = []
    for s in (i + 1)..<j {
        let cost = 2 * Double(dims[i]) * Double(dims[s]) * Double(dims[j])
        for left in bruteForceFlops(dims, i, s) {
            for right in bruteForceFlops(dims, s, j) { totals.append(left + right + cost) }
        }
    }
    return totals
}

/// Checks, by evaluating the plan symbolically to factor intervals, that it is a
/// topological DAG multiplying every factor exactly once in order, that each
/// step's shape matches its operands, that estimates respect dependencies, and
/// that no more tiles run at once than there are workers.
func expectValidPlan(_ plan: ChainPlan, sourceLocation: SourceLocation = #_sourceLocation) {
    let k = plan.factorCount
    var interval: [Range<Int>] = []
    var factorUses = Array(repeating: 0, count: k)
    var productUses = Array(repeating: 0, count: plan.steps.count)
    func resolve(_ operand: Operand, at step: Int) -> Range<Int>? {
        switch operand {
        case .factor(let f):
            guard f >= 0, f < k else { return nil }
            factorUses[f] += 1
            return f..<(f + 1)
        case .product(let j):
            guard j >= 0, j < step else { return nil }  // topological: only earlier steps
            productUses[j] += 1
            return interval[j]
        }
    }
    for (i, step) in plan.steps.enumerated() {
        #expect(step.index == i, "step index", sourceLocation: sourceLocation)
        guard let left = resolve(step.lhs, at: i), let right = resolve(step.rhs, at: i) else {
            Issue.record("step \(i) has an operand out of range or not yet computed", sourceLocation: sourceLocation)
            return
        }
        #expect(left.upperBound == right.lowerBound, "step \(i) multiplies non-adjacent parts", sourceLocation: sourceLocation)
        let span = left.lowerBound..<right.upperBound
        interval.append(span)
        #expect(step.factors == span, sourceLocation: sourceLocation)
        #expect(step.m == plan.dims[span.lowerBound], sourceLocation: sourceLocation)
        #expect(step.k == plan.dims[left.upperBound], sourceLocation: sourceLocation)
        #expect(step.n == plan.dims[span.upperBound], sourceLocation: sourceLocation)
        #expect(step.flops == 2 * Double(step.m) * Double(step.k) * Double(step.n), sourceLocation: sourceLocation)
        #expect(step.split.rows >= 1 && step.split.cols >= 1, sourceLocation: sourceLocation)
        #expect(step.split.rows <= step.m && step.split.cols <= step.n, sourceLocation: sourceLocation)
        #expect(step.estimatedFinish > step.estimatedStart, sourceLocation: sourceLocation)
        for dependency in plan.dependencies(of: i) {
            #expect(plan.steps[dependency].estimatedFinish <= step.estimatedStart, sourceLocation: sourceLocation)
            #expect(plan.consumer(of: dependency) == i, sourceLocation: sourceLocation)
        }
    }
    #expect(factorUses == Array(repeating: 1, count: k), "each factor used once", sourceLocation: sourceLocation)
    #expect(Array(productUses.dropLast()) == Array(repeating: 1, count: max(plan.steps.count - 1, 0)),
            "each intermediate used once", sourceLocation: sourceLocation)
    #expect(productUses.last == 0, sourceLocation: sourceLocation)
    #expect(plan.steps.count == k - 1, sourceLocation: sourceLocation)
    #expect(interval.last == 0..<k, "last step is the whole chain", sourceLocation: sourceLocation)
    #expect(plan.consumer(of: plan.steps.count - 1) == nil, sourceLocation: sourceLocation)
    #expect(plan.totalFlops == plan.steps.reduce(0) { $0 + $1.flops }, sourceLocation: sourceLocation)
    #expect(plan.estimatedSeconds == plan.steps.map(\.estimatedFinish).max(), sourceLocation: sourceLocation)
    // Worker capacity: at each start, the tiles running never exceed max(P, 1).
    let capacity = max(plan.workers, 1)
    for step in plan.steps {
        let t = step.estimatedStart
        let busy = plan.steps
            .filter { $0.estimatedStart <= t && t < $0.estimatedFinish }
            .reduce(0) { $0 + $1.split.tileCount }
        #expect(busy <= capacity, "\(busy) tiles at t=\(t) on \(capacity) workers", sourceLocation: sourceLocation)
    }
    if plan.planner != .parallel {
        #expect(plan.steps.allSatisfy { $0.split == .whole }, "only parallel splits", sourceLocation: sourceLocation)
    }
}

/// The interval evaluation of the plan's parenthesisation string, ignoring the
/// steps: the factor names read left to right.
func factorNamesInOrder(_ expression: String) -> [String] {
    expression.split(whereSeparator: { "()·".contains($0) }).map(String.init)
}
