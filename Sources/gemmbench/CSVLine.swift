import Harness

/// Renders rows in the DESIGN.md schema. Cells are quoted only when they must be (RFC 4180).
enum CSVLine {
    static var header: String { ResultRow.columns.joined(separator: ",") }

    static func render(_ row: ResultRow) -> String {
        row.cells.map(quote).joined(separator: ",")
    }

    static func quote(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
