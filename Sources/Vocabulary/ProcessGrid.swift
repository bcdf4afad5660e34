/// A P×Q grid of processes (or nodes), numbered row-major: member r sits at
/// row r / Q, column r % Q. The one grid type (`GridShape`), read with its one
/// `PxQ` rule (`GridShape(parsing:)`).
public typealias ProcessGrid = GridShape

extension GridShape {
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

}
