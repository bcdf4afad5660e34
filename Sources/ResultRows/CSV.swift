/// RFC 4180 CSV: fields separated by commas, records by "\n" (we write LF; the
/// reader also accepts CRLF). A field containing a comma, a double quote, CR or
/// LF — or with leading/trailing spaces — is written in double quotes with each
/// quote doubled; every other field is written as it is, so plain numbers stay plain.
package enum CSV {
    /// One field, quoted only when it must be.
    package static func encodeField(_ field: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character equal to neither "\r" nor "\n",
        // and a quote followed by a combining mark is one Character that is not a quote.
        let scalars = field.unicodeScalars
        let needsQuotes = scalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || scalars.first == " " || scalars.last == " "
        guard needsQuotes else { return field }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in scalars {
            if scalar == "\"" { quoted.append("\"") }
            quoted.append(scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }

    /// One record, without the line terminator.
    package static func encodeRecord(_ fields: [String]) -> String {
        fields.map(encodeField).joined(separator: ",")
    }

    /// A whole document: header, then one line per record, each ending in "\n".
    package static func document(header: [String], records: [[String]]) -> String {
        ([header] + records).map { encodeRecord($0) + "\n" }.joined()
    }

    /// Parses a document into records of fields. Blank lines are skipped. Throws
    /// when a quoted field never ends or a quote is followed by anything but a
    /// separator; `source` names the file in the error. Reads Unicode scalars, not
    /// Characters: a combining mark after a quote or comma must not hide it.
    package static func parse(_ text: String, source: String) throws(FileLineError) -> [[String]] {
        var scanner = CSVScanner(text, source: source)
        return try scanner.readAll()
    }
}
