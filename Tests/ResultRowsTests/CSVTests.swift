import ResultRows
import Testing

/// RFC 4180 reading and writing (`CSV`), on its own.
@Suite struct CSVTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("1.25", "1.25"),
        ("", ""),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\r\nlf", "\"cr\r\nlf\""),
        (" padded", "\" padded\""),
        ("\"", "\"\"\"\""),
        // Found by Fuzz/ResultCSV: a quote with a combining mark is one Character, still a quote.
        ("a\"\u{0307}", "\"a\"\"\u{0307}\""),
    ])
    func quotesOnlyWhenNeeded(field: String, encoded: String) {
        #expect(CSV.encodeField(field) == encoded)
    }

    @Test func parsesWhatItWrites() throws {
        let records = [["op", "note", "x"], ["a,b", "say \"hi\"", ""], ["two\nlines", " lead", "\""], ["", "", ""]]
        let text = CSV.document(header: records[0], records: Array(records.dropFirst()))
        #expect(try CSV.parse(text, source: "t.csv") == records)
    }

    @Test func acceptsCRLFAndAMissingFinalNewlineAndSkipsBlankLines() throws {
        #expect(try CSV.parse("a,b\r\n1,2\r\n\r\n3,\"x\"", source: "t") == [["a", "b"], ["1", "2"], ["3", "x"]])
    }

    /// Found by `Fuzz/ResultCSV`: a combining mark right after a quote or a comma forms one
    /// Character with it ("\"\u{0318}"), so a reader that walks Characters missed the
    /// quote or the separator and read back a different record than was written.
    @Test func aCombiningMarkAfterAQuoteOrCommaKeepsTheStructure() throws {
        let records = [["a", "\u{0318}opline\"", "x"], ["\u{0301}", "b"], ["paaF\"\u{0307}\"l", "oat"]]
        let text = CSV.document(header: records[0], records: Array(records.dropFirst()))
        #expect(try CSV.parse(text, source: "t.csv") == records)
        #expect(try CSV.parse("a,\u{0301}b\n", source: "t.csv") == [["a", "\u{0301}b"]])
        #expect(throws: FileLineError.self) { try CSV.parse("\"q\"\u{0301},x\n", source: "t.csv") }
    }

    @Test func unterminatedQuoteIsAnErrorNamingTheLine() throws {
        #expect(throws: FileLineError(file: "t.csv", line: 2, message: "quoted field is never closed")) {
            try CSV.parse("a,b\n\"open,2\n3,4\n", source: "t.csv")
        }
        #expect(throws: FileLineError.self) { try CSV.parse("\"closed\"x,1\n", source: "t.csv") }
    }
}
