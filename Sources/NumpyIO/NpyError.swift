/// Why a .npy file could not be read, written or chained.
///
/// The description is one line and always starts with the file's path, e.g.
/// `b.npy: expected a 2-D array, found shape (5,) (1-D)`.
public struct NpyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, coarsely, so callers and tests can branch without parsing text.
    public enum Kind: Equatable, Sendable {
        /// The file does not exist, is not a regular file, or cannot be opened/read/written.
        case io
        /// The first bytes are not `\x93NUMPY` (or the file is too short to hold them).
        case badMagic
        /// The format version is not 1.0, 2.0 or 3.0.
        case unsupportedVersion
        /// The header dict does not parse or lacks/duplicates/adds keys or has values of the wrong type.
        case malformedHeader
        /// The dtype is not little-endian float64.
        case unsupportedDtype
        /// `fortran_order` is True.
        case fortranOrder
        /// The array is not exactly 2-D.
        case notTwoDimensional
        /// rows·cols·8 does not fit in an `Int` (or a dimension is negative).
        case tooLarge
        /// The file holds fewer data bytes than the shape needs.
        case truncated
        /// The file holds more bytes than the shape needs.
        case trailingBytes
        /// A chain input has a zero dimension.
        case emptyDimension
        /// Adjacent chain inputs do not multiply (cols of one ≠ rows of the next).
        case shapeMismatch
        /// A caller passed an argument that cannot be honoured (e.g. leadingDimension < cols).
        case invalidArgument
    }

    public let kind: Kind
    /// The file the error is about (for a chain mismatch: the left-hand file).
    public let path: String
    /// What is wrong, without the path; one line.
    public let problem: String

    public init(_ kind: Kind, path: String, _ problem: String) {
        self.kind = kind
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(Self.printable(path)): \(Self.printable(problem))" }

    /// Keeps the description on one line even if a path or quoted header holds control characters.
    static func printable(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
