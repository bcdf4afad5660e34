/// An input of a plan step.
public enum Operand: Hashable, Sendable {
    /// Factor i of the chain (dims[i] × dims[i+1]).
    case factor(Int)
    /// The result of `steps[i]` of the same plan.
    case product(Int)
}

/// How a product's m×n result is cut into tasks: `rows` bands of rows times
/// `cols` bands of columns, each tile a task of about (m/rows)×k×(n/cols).
/// 1×1 means not split.
public struct TileSplit: Hashable, Sendable, CustomStringConvertible {
    public let rows: Int
    public let cols: Int

    public init(rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
    }

    public static let whole = TileSplit(rows: 1, cols: 1)

    /// rows·cols: the number of tasks.
    public var tileCount: Int { rows * cols }

    /// "RxC", the `--split` syntax.
    public var description: String { "\(rows)x\(cols)" }

    /// One tile of an m×n result: the half-open row and column ranges it covers.
    public struct Tile: Hashable, Sendable {
        public let rows: Range<Int>
        public let cols: Range<Int>
    }

    /// The tiles of an m×n result, row band by row band. Band i of `rows` bands
    /// over m rows is [i·m/rows, (i+1)·m/rows) in integer division, so band sizes
    /// differ by at most one and the largest is ⌈m/rows⌉ (what the cost model
    /// charges). Requires rows ≤ m and cols ≤ n so no band is empty, which every
    /// planned split satisfies; otherwise empty bands are dropped.
    public func tiles(m: Int, n: Int) -> [Tile] {
        func bands(_ count: Int, over length: Int) -> [Range<Int>] {
            // ⌊i·length/count⌋ computed as i·q + ⌊i·r/count⌋ (length = q·count + r): no overflow.
            func edge(_ i: Int) -> Int { i * (length / count) + i * (length % count) / count }
            return (0..<count).map { edge($0)..<edge($0 + 1) }.filter { !$0.isEmpty }
        }
        let rowBands = bands(rows, over: m), colBands = bands(cols, over: n)
        return rowBands.flatMap { r in colBands.map { c in Tile(rows: r, cols: c) } }
    }
}

/// One product of a plan: steps[index] = lhs · rhs, an m×k times k×n product.
public struct PlanStep: Hashable, Sendable {
    /// Position in `ChainPlan.steps`; operands only refer to smaller indices.
    public let index: Int
    public let lhs: Operand
    public let rhs: Operand
    /// The factors this step's result spans: factors[lo]·…·factors[hi-1].
    public let factors: Range<Int>
    public let m: Int
    public let k: Int
    public let n: Int
    /// 2·m·k·n (unchanged by tile splitting).
    public let flops: Double
    public let split: TileSplit
    /// Estimated seconds from the start of the chain, under the plan's cost model.
    public let estimatedStart: Double
    public let estimatedFinish: Double
    /// The parenthesised expression this step computes, e.g. "(A·B)".
    public let expression: String
}
