/// Why a shape passed to ``SwiftGemm/dgemm(m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)`` is invalid.
public enum SwiftGemmError: Error, Equatable, CustomStringConvertible {
    /// A matrix dimension (m, n or k) is negative.
    case negativeDimension(name: String, value: Int)
    /// A leading dimension is smaller than the row length it must hold (and at least 1).
    case leadingDimensionTooSmall(name: String, value: Int, minimum: Int)

    public var description: String {
        switch self {
        case let .negativeDimension(name, value):
            return "dimension \(name) = \(value) is negative"
        case let .leadingDimensionTooSmall(name, value, minimum):
            return "leading dimension \(name) = \(value) is smaller than the required \(minimum)"
        }
    }
}
