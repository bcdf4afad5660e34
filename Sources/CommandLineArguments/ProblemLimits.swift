import ChainPlanning
import NumpyIO

/// The bounds on a problem, one set for both executables (`gemmbench` and
/// `gemmbench-mpi`, `gemm` and `chain`), each refused with exit 2 and one line
/// before any work (docs/contracts.md, "Limits").
public enum ProblemLimits {
    /// 2²⁴ = 16 777 216, for every dimension: `--size`, `--m`, `--k`, `--n`,
    /// each of `--dims`, and each extent of an `--inputs` file. It is the
    /// smaller of what the two executables need, so one bound serves both:
    /// gemmbench counts bytes in Int, and with m, k ≤ 2²⁴ a matrix's 8·m·k
    /// stays ≤ 2⁵¹, clear of overflow with room for sums (Int32.max would let it
    /// pass 2⁶³); gemmbench-mpi hands dimensions to ScaLAPACK's descriptors and
    /// MPI's counts, which hold 32-bit integers (2²⁴ < Int32.max). No machine
    /// here holds even one 2²⁴ × 2²⁴ matrix (2 PiB): memory checks refuse far
    /// smaller problems first.
    public static let maximumDimension = 1 << 24

    /// A chain's factors (`--dims`, `--inputs`): the planners' bound.
    public static let maximumFactors = maximumChainFactors

    /// `value` when it is at most `maximumDimension`; "--m 20000000 is larger than 16777216" otherwise.
    public static func checkedDimension(_ flag: String, _ value: Int) throws(UsageError) -> Int {
        guard value <= maximumDimension else { throw UsageError("\(flag) \(value) is larger than \(maximumDimension)") }
        return value
    }

    /// `--inputs`' headers, read (`Npy.readHeader`: a regular, readable
    /// C-order float64 2-D file whose size matches its shape) and checked
    /// (`checkChainInputs`); the data is read when the run starts.
    public static func chainInputHeaders(_ paths: [String]) throws(UsageError) -> [NpyHeader] {
        let headers: [NpyHeader]
        do {
            headers = try paths.map { path throws(NpyError) in try Npy.readHeader(path: path) }
        } catch {
            throw UsageError(error.description)
        }
        try checkChainInputs(headers)
        return headers
    }

    /// `--inputs`' headers: every file at least 1×1, each one's columns the
    /// next one's rows (`Npy.checkChain`), and no extent past `maximumDimension`.
    public static func checkChainInputs(_ headers: [NpyHeader]) throws(UsageError) {
        do { try Npy.checkChain(headers) } catch { throw UsageError(error.description) }
        for header in headers {
            for extent in [header.rows, header.cols] where extent > maximumDimension {
                throw UsageError("\(header.path): shape \(header.shapeDescription) has a dimension larger than \(maximumDimension)")
            }
        }
    }
}
