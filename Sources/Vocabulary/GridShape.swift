/// P × Q: a grid of `rows` × `cols` members, spelled `PxQ` everywhere one is
/// read or written — gemmbench-mpi's process grid (`--grid`, a suite's `grid`),
/// a gemm's tile split (`--split`), the calibration cache's splits.
public struct GridShape: Hashable, Sendable, CustomStringConvertible {
    public let rows: Int
    public let cols: Int

    public init(rows: Int, cols: Int) {
        precondition(rows >= 1 && cols >= 1, "a grid needs at least one row and column")
        self.rows = rows
        self.cols = cols
    }

    /// P · Q, the members; `init(parsing:)` refuses grids whose count overflows.
    public var count: Int { rows * cols }

    /// `PxQ`, without leading zeros: how gemmbench writes a grid back (CSV
    /// `grid` and `split`, suites' canonical text, the calibration cache).
    public var description: String { "\(rows)x\(cols)" }

    /// Parses `PxQ`, the one rule for every grid gemmbench reads: P and Q are
    /// ASCII digits only (no sign, no space, leading zeros allowed: `02x1` is
    /// `2x1`), each at least 1; the separator is `x`, `X` or `×`; P · Q fits
    /// in an Int. nil otherwise: each caller words its own error.
    public init?(parsing text: String) {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "x" || $0 == "X" || $0 == "×" }
        guard parts.count == 2,
              parts.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0.value >= 0x30 && $0.value <= 0x39 } }),
              let rows = Int(parts[0]), let cols = Int(parts[1]), rows >= 1, cols >= 1,
              !rows.multipliedReportingOverflow(by: cols).overflow
        else { return nil }
        self.init(rows: rows, cols: cols)
    }
}
