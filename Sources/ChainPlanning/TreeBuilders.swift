/// Parenthesisations of a chain of `factorCount` ≥ 1 factors that need no cost model.
enum TreeBuilders {
    /// ((A·B)·C)·…
    static func leftDeep(factorCount: Int) -> ProductTree {
        (1..<factorCount).reduce(ProductTree.factor(0)) { .product($0, .factor($1)) }
    }

    /// A·(B·(C·…))
    static func rightDeep(factorCount: Int) -> ProductTree {
        (0..<(factorCount - 1)).reversed()
            .reduce(ProductTree.factor(factorCount - 1)) { .product(.factor($1), $0) }
    }

    /// Pairwise levels: neighbours are paired left to right; an odd last operand is
    /// carried unchanged to the next level.
    static func pairwise(factorCount: Int) -> ProductTree {
        var level = (0..<factorCount).map(ProductTree.factor)
        while level.count > 1 {
            var next: [ProductTree] = []
            var i = 0
            while i + 1 < level.count {
                next.append(.product(level[i], level[i + 1]))
                i += 2
            }
            if i < level.count { next.append(level[i]) }
            level = next
        }
        return level[0]
    }

    /// The classic O(k³) matrix-chain DP minimising Σ 2·m·k·n. Among splits of
    /// equal cost the LARGEST split index wins, so ties resolve towards
    /// left-to-right evaluation (on `square` this returns `leftDeep`).
    /// Costs are Doubles: exact for integer totals below 2^53.
    static func flopOptimal(dims: [Int]) -> ProductTree {
        let count = dims.count - 1
        // cost[i][j], split[i][j] for the interval of factors i..<j.
        var cost = Array(repeating: Array(repeating: 0.0, count: count + 1), count: count + 1)
        var split = Array(repeating: Array(repeating: 0, count: count + 1), count: count + 1)
        for length in stride(from: 2, through: count, by: 1) {
            for i in 0...(count - length) {
                let j = i + length
                var best = Double.infinity
                for s in (i + 1)..<j {
                    let candidate = cost[i][s] + cost[s][j]
                        + 2 * Double(dims[i]) * Double(dims[s]) * Double(dims[j])
                    if candidate <= best {  // `<=`: a later split wins a tie
                        best = candidate
                        split[i][j] = s
                    }
                }
                cost[i][j] = best
            }
        }
        func build(_ i: Int, _ j: Int) -> ProductTree {
            j - i == 1 ? .factor(i) : .product(build(i, split[i][j]), build(split[i][j], j))
        }
        return build(0, count)
    }
}
