/// The rule for cells a spreadsheet would not take as plain text: a CSV read
/// by `compare`, `baseline` or a sweep (`ResultRow.parseCSV`) is refused when a
/// data cell starts with `=`, `+`, `-`, `@`, a tab or a carriage return and is
/// not a finite number; a lone `-` is text (gemmbench-mpi's `grid` of a tiles
/// run, `ResultRow.noGrid`). Opened in a spreadsheet such a cell runs as a formula
/// (`=HYPERLINK(…)`, `=cmd|…`: "CSV injection"); gemmbench never writes one
/// (its text cells are vocabulary names, `RxC` grids and OpenBLAS core names),
/// so one in a results file was put there by someone else, and `baseline` must
/// not copy it into a committed file. Refusing on read, rather than neutralising
/// on write, keeps every cell exactly as measured (docs/contracts.md, "Input files").
package enum CSVCellRule {
    package static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// True when `cell` would be taken for a formula: `-1.5` is a number and `-` text, `-x` is neither.
    package static func looksLikeFormula(_ cell: String) -> Bool {
        guard let first = cell.unicodeScalars.first, formulaStarts.contains(first), cell != "-" else { return false }
        return !(Double(cell)?.isFinite ?? false)
    }

    /// Throws for the first formula-looking cell of a data record, naming its column.
    package static func check(_ record: [String], header: [String], source: String, line: Int) throws(FileLineError) {
        guard let index = record.firstIndex(where: looksLikeFormula) else { return }
        let column = index < header.count ? "column \(quotedInput(header[index]))" : "column \(index + 1)"
        throw FileLineError(file: source, line: line,
                            message: "\(column) is \(quotedInput(record[index])), which a spreadsheet would run as a "
                                + "formula (a cell may not start with =, +, -, @, tab or CR unless it is a number)")
    }
}
