/// A malformed line-oriented input file (a suite, a tolerances file, a CSV):
/// prints as `path:line: message`, or `path: message` when no line applies.
/// It lives with the CSV reader, the lowest module that reads an input file;
/// Harness's suite, tolerances and key-value readers throw it too.
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
