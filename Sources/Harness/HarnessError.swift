/// A harness failure that is not a suite or tolerance parse error: a file that
/// cannot be read or written, a child that did not produce a row, a missing
/// baseline. The description is one line naming what is wrong.
public struct HarnessError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
