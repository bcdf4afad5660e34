/// A harness failure that is not a suite or tolerance parse error: a file that
/// cannot be read or written, a child that did not produce a row, a missing
/// baseline. The description is one line naming what is wrong.
public struct HarnessError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A malformed line-oriented input file (a suite, a tolerances file, a CSV):
/// prints as `path:line: message`, or `path: message` when no line applies.
public struct FileLineError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int?
    public let message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
