/// A P×Q grid of processes (or nodes), numbered row-major: member r sits at
/// row r / Q, column r % Q.
public struct ProcessGrid: Equatable, Sendable, CustomStringConvertible {
    public let rows: Int
    public let cols: Int

    public init(rows: Int, cols: Int) {
        precondition(rows >= 1 && cols >= 1, "a grid needs at least one row and column")
        self.rows = rows
        self.cols = cols
    }

    public var count: Int { rows * cols }
    public var description: String { "\(rows)x\(cols)" }

    public func row(of member: Int) -> Int { member / cols }
    public func col(of member: Int) -> Int { member % cols }

    /// The most square grid of `count` members: P×Q = count with P ≤ Q and P as
    /// large as possible (2 → 1x2, 4 → 2x2, 6 → 2x3, 7 → 1x7).
    public static func mostSquare(_ count: Int) -> ProcessGrid {
        precondition(count >= 1, "a grid needs at least one member")
        var p = 1
        var candidate = 1
        while candidate * candidate <= count {
            if count % candidate == 0 { p = candidate }
            candidate += 1
        }
        return ProcessGrid(rows: p, cols: count / p)
    }

    /// Parses `--grid PxQ`; nil unless both are whole numbers ≥ 1.
    public static func parse(_ text: String) -> ProcessGrid? {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let p = Int(parts[0]), let q = Int(parts[1]), p >= 1, q >= 1 else { return nil }
        return ProcessGrid(rows: p, cols: q)
    }
}
