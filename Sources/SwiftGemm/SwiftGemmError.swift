/// Why a shape passed to ``SwiftGemm/dgemm(m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:build:)`` is invalid,
/// or why the requested kernel build cannot run.
public enum SwiftGemmError: Error, Equatable, CustomStringConvertible {
    /// A matrix dimension (m, n or k) is negative.
    case negativeDimension(name: String, value: Int)
    /// A leading dimension is smaller than the row length it must hold (and at least 1).
    case leadingDimensionTooSmall(name: String, value: Int, minimum: Int)
    /// `GEMMBENCH_SWIFT_BUILD` names no build.
    case unknownBuild(requested: String)
    /// `GEMMBENCH_SWIFT_BUILD` names a build this CPU or OS cannot run.
    case buildNotRunnable(requested: String)

    public var description: String {
        switch self {
        case let .negativeDimension(name, value):
            return "dimension \(name) = \(value) is negative"
        case let .leadingDimensionTooSmall(name, value, minimum):
            return "leading dimension \(name) = \(value) is smaller than the required \(minimum)"
        case let .unknownBuild(requested):
            return "'\(requested)' is not a Swift kernel build (expected auto, avx2 or avx512)"
        case let .buildNotRunnable(requested):
            return "the \(requested) Swift kernel build needs AVX-512 F, BW, CD, DQ and VL with ZMM state saved by the OS, and this machine lacks it"
        }
    }
}
