import ChainPlanning
import ProcessPool

/// The bytes a chain's arena holds: every factor, and room for every
/// intermediate at once, so no schedule can run out; pages of a memfd cost
/// nothing until touched, and reuse keeps touched pages low.
struct ChainMemory {
    /// Each factor's bytes, aligned, in chain order.
    let factorBytes: [Int]
    let factorTotal: Int
    /// Every intermediate's bytes with no reuse (what the report compares the peak with).
    let intermediateTotal: Int
    let arenaBytes: Int

    init(dims: [Int], plan: ChainPlan) throws(ChainRunner.SizeOverflow) {
        factorBytes = try (0..<dims.count - 1).map { (i) throws(ChainRunner.SizeOverflow) in
            try ChainRunner.matrixBytes(dims[i], dims[i + 1], of: dims)
        }
        let intermediateBytes = try plan.steps.map { (step) throws(ChainRunner.SizeOverflow) in
            try ChainRunner.matrixBytes(step.m, step.n, of: dims)
        }
        factorTotal = try ChainRunner.checkedSum(factorBytes, of: dims)
        intermediateTotal = try ChainRunner.checkedSum(intermediateBytes, of: dims)
        arenaBytes = try ChainRunner.checkedSum([factorTotal, intermediateTotal], of: dims)
    }
}

extension ChainRunner {
    /// A chain whose byte counts do not fit in an Int (possible with .npy
    /// inputs whose product is far larger than any factor).
    public struct SizeOverflow: Error, CustomStringConvertible {
        public let dims: [Int]
        public var description: String {
            "chain \(dims.map(String.init).joined(separator: "x")) needs more bytes than a 64-bit count can hold"
        }
    }

    /// 8·rows·cols rounded up to the arena alignment, overflow-checked.
    static func matrixBytes(_ rows: Int, _ cols: Int, of dims: [Int]) throws(SizeOverflow) -> Int {
        let (elements, o1) = rows.multipliedReportingOverflow(by: cols)
        let (bytes, o2) = elements.multipliedReportingOverflow(by: 8)
        guard !o1, !o2, bytes <= Int.max - RegionAllocator.alignment else { throw SizeOverflow(dims: dims) }
        return RegionAllocator.aligned(bytes)
    }

    static func checkedSum(_ values: [Int], of dims: [Int]) throws(SizeOverflow) -> Int {
        var total = 0
        for value in values {
            let (sum, overflow) = total.addingReportingOverflow(value)
            guard !overflow else { throw SizeOverflow(dims: dims) }
            total = sum
        }
        return total
    }
}
