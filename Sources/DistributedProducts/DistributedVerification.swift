import CheckKernels
import GemmCore
import Vocabulary
import MPIWrapper

/// `Verification.checkProduct` / `checkChain` for matrices no rank holds whole:
/// the same check, formula, threshold and detection limit (docs/contracts.md,
/// "Verification"). Each rank adds its blocks' part of every pass and
/// `MPI_Allreduce` sums the parts (one reduction per factor, one for Y); the
/// rounding of that sum is part of the error model. Every rank ends with the same
/// outcome.
public enum DistributedVerification {
    /// C = A·B, with this rank's blocks of each (over all ranks they cover each matrix once).
    public static func checkProduct(a: [DistributedBlock], b: [DistributedBlock], c: [DistributedBlock],
                                    m: Int, k: Int, n: Int, on communicator: Communicator) throws(MPIError) -> Verification.Outcome {
        try checkChain(factors: [a, b], result: c, dims: [m, k, n], tree: ProductNode.single, on: communicator)
    }

    /// Y = F₀·…·F_{q−1} computed along `tree`, factor i being dims[i]×dims[i+1];
    /// `factors[i]` and `result` are this rank's blocks.
    public static func checkChain(factors: [[DistributedBlock]], result: [DistributedBlock], dims: [Int],
                                  tree: [ProductNode], on communicator: Communicator) throws(MPIError) -> Verification.Outcome {
        precondition(dims.count == factors.count + 1 && factors.count >= 1, "dims do not match the factors")
        let operands = factors.indices.map { DistributedOperand(blocks: factors[$0], rows: dims[$0], cols: dims[$0 + 1]) }
        let whole = DistributedOperand(blocks: result, rows: dims[0], cols: dims.last!)
        return try Verification.checkChain(factors: operands, result: whole, tree: tree,
                                           reduction: CommunicatorReduction(communicator: communicator))
    }
}

/// The blocks of one matrix that this rank holds (possibly none).
struct DistributedOperand: CheckedOperand {
    let blocks: [DistributedBlock]
    let rows: Int
    let cols: Int

    func add(to pass: inout RowPass) {
        for block in blocks where block.rows > 0 && block.cols > 0 {
            pass.add(base: block.base, rows: block.rows, cols: block.cols, rowStride: block.rowStride,
                     colStride: block.colStride, rowStart: block.rowStart, colStart: block.colStart)
        }
    }
}

/// Sums over every rank of `communicator`.
struct CommunicatorReduction: CheckReduction {
    let communicator: Communicator
    var holders: Int { communicator.size }
    var threads: Int { 1 }
    func sum(_ values: inout [Double]) throws(MPIError) { try communicator.allReduce(&values, .sum) }
    func maximum(_ value: Double) throws(MPIError) -> Double { try communicator.allReduce(value, .max) }
}
