import CheckKernels
import SystemBoundary

/// A matrix as the product check reads it: whole in this process (`MatrixView`),
/// or the blocks this MPI rank holds of a matrix spread over ranks. `rows` and
/// `cols` are the whole matrix's; `add(to:)` adds this holder's part of a pass.
public protocol CheckedOperand {
    var rows: Int { get }
    var cols: Int { get }
    func add(to pass: inout RowPass)
}

/// How the holders' partial passes are combined into whole ones. One process
/// holds everything (`LocalReduction`); MPI ranks sum theirs (DistributedVerification).
public protocol CheckReduction {
    associatedtype Failure: Error
    /// How many holders' partial sums are added per entry: the sum of their
    /// partials rounds too, and the check's error model counts it.
    var holders: Int { get }
    /// Threads each holder may use for a pass (MPI ranks already fill the cores: 1).
    var threads: Int { get }
    /// Element-wise sum over every holder, the same result on each.
    func sum(_ values: inout [Double]) throws(Failure)
    /// The largest value over every holder.
    func maximum(_ value: Double) throws(Failure) -> Double
}

extension MatrixView: CheckedOperand {
    public func add(to pass: inout RowPass) {
        pass.add(base: base, rows: rows, cols: cols, rowStride: leadingDimension, colStride: 1,
                 rowStart: 0, colStart: 0)
    }
}

/// Everything in this process: nothing to combine.
public struct LocalReduction: CheckReduction {
    public init() {}
    public var holders: Int { 1 }
    /// Every online CPU: the check runs after the timed products, when workers are idle.
    public var threads: Int { min(max(onlineProcessorCount(), 1), 8) }
    public func sum(_ values: inout [Double]) throws(Never) {}
    public func maximum(_ value: Double) throws(Never) -> Double { value }
}

extension RowPass {
    /// Runs `operand`'s part of this pass and combines it over every holder. The
    /// rounding of that combination (holders − 1 additions per entry, each rounding
    /// by at most u times Σ|partials|) is added to `rounding`, in the same units.
    mutating func run<Operand: CheckedOperand, Reduction: CheckReduction>(
        _ operand: Operand, reducing reduction: Reduction
    ) throws(Reduction.Failure) {
        threads = reduction.threads
        operand.add(to: &self)
        guard reduction.holders > 1 else { return }
        let n = outputLength
        var combined = plainOutputs + squaredOutputs + rounding
        combined += plainCount > 0 ? plainOutputs[0..<n].map { Swift.abs($0) } : [Double](repeating: 0, count: n)
        try reduction.sum(&combined)
        let plainEnd = plainOutputs.count, squaredEnd = plainEnd + squaredOutputs.count
        plainOutputs = Array(combined[0..<plainEnd])
        squaredOutputs = Array(combined[plainEnd..<squaredEnd])
        let additions = Double(reduction.holders - 1)
        for i in 0..<n {
            let magnitude = combined[squaredEnd + n + i]
            rounding[i] = combined[squaredEnd + i] + additions * magnitude * magnitude
        }
        largestMagnitude = try reduction.maximum(largestMagnitude)
    }
}
