import ResultRows
import Testing

/// README.md's "CSV" table is the columns' documentation; each `ResultColumn`
/// carries its line. They must say the same: a column added without its line,
/// or a line edited in one place only, fails here.
@Suite struct ColumnDocumentationTests {
    /// The table as the column list gives it: consecutive columns sharing a doc line share a row.
    static func renderedTable() -> [String] {
        var rows: [(names: [String], doc: String)] = []
        for column in ResultColumn.written {
            if let last = rows.last, last.doc == column.doc {
                rows[rows.count - 1].names.append(column.name)
            } else {
                rows.append(([column.name], column.doc))
            }
        }
        return ["| column | meaning |", "|---|---|"] + rows.map { row in
            "| " + row.names.map { "`\($0)`" }.joined(separator: ", ") + " | "
                + row.doc.replacing("|", with: "\\|") + " |"
        }
    }

    /// The table under README.md's "## CSV" heading.
    static func readmeTable() throws -> [String] {
        let lines = try repositoryFile("README.md").split(separator: "\n", omittingEmptySubsequences: false)
        let heading = try #require(lines.firstIndex(of: "## CSV"))
        let start = try #require(lines[heading...].firstIndex { $0.hasPrefix("|") })
        return lines[start...].prefix { $0.hasPrefix("|") }.map(String.init)
    }

    @Test("every column has a doc line")
    func everyColumnIsDocumented() {
        for column in ResultColumn.written + [ResultColumn.samples] {
            #expect(!column.doc.isEmpty, "column \(column.name) has no doc line")
        }
    }

    @Test("README.md's CSV table is the column list, line for line")
    func readmeAgreesWithTheTable() throws {
        let expected = Self.renderedTable(), actual = try Self.readmeTable()
        #expect(actual.count == expected.count, "README.md's CSV table has \(actual.count) lines, the columns give \(expected.count)")
        for (readme, table) in zip(actual, expected) where readme != table {
            Issue.record("README.md has\n\(readme)\nwhere the column list gives\n\(table)")
        }
    }
}
