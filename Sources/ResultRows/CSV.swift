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
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordStartLine = 1
        var inQuotes = false
        var fieldWasQuoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            record.append(String(field))
            if !(record.count == 1 && record[0].isEmpty && !fieldWasQuoted) { records.append(record) }
            record = []
            field = String.UnicodeScalarView()
            fieldWasQuoted = false
        }

        while let c = pending ?? scalars.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    let next = scalars.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        inQuotes = false
                        pending = next
                        if let next, next != ",", next != "\n", next != "\r" {
                            throw FileLineError(file: source, line: line,
                                                message: "unexpected character '\(next)' after a closing quote")
                        }
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case ",":
                record.append(String(field))
                field = String.UnicodeScalarView()
                fieldWasQuoted = false
            case "\n", "\r":
                if c == "\r" {
                    // CRLF ends one record, not two.
                    let next = scalars.next()
                    if next != "\n" { pending = next }
                }
                endRecord()
                line += 1
                recordStartLine = line
            case "\"" where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
            default:
                field.append(c)
            }
        }
        if inQuotes {
            throw FileLineError(file: source, line: recordStartLine, message: "quoted field is never closed")
        }
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}
