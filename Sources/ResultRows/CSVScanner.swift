/// `CSV.parse`'s reading state: the document one Unicode scalar at a time, the
/// record and field being built, and the line for error messages.
struct CSVScanner {
    private let source: String
    private var scalars: String.UnicodeScalarView.Iterator
    /// A scalar read ahead (after a closing quote or a CR) that the next step
    /// must see first.
    private var pending: Unicode.Scalar? = nil
    private var records: [[String]] = []
    private var record: [String] = []
    private var field = String.UnicodeScalarView()
    private var line = 1
    private var recordStartLine = 1
    private var inQuotes = false
    private var fieldWasQuoted = false

    init(_ text: String, source: String) {
        self.source = source
        scalars = text.unicodeScalars.makeIterator()
    }

    /// Reads the whole document (see `CSV.parse`).
    mutating func readAll() throws(FileLineError) -> [[String]] {
        while let c = nextScalar() {
            if inQuotes { try readQuoted(c) } else { readUnquoted(c) }
        }
        if inQuotes {
            throw FileLineError(file: source, line: recordStartLine, message: "quoted field is never closed")
        }
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }

    private mutating func nextScalar() -> Unicode.Scalar? {
        if let scalar = pending {
            pending = nil
            return scalar
        }
        return scalars.next()
    }

    /// Inside quotes everything is the field's, line breaks too, except a quote:
    /// doubled it is one quote, single it ends the quotes and must be followed
    /// by a separator or the end of the document.
    private mutating func readQuoted(_ c: Unicode.Scalar) throws(FileLineError) {
        guard c == "\"" else {
            if c == "\n" { line += 1 }
            field.append(c)
            return
        }
        let next = scalars.next()
        if next == "\"" {
            field.append("\"")
            return
        }
        inQuotes = false
        pending = next
        if let next, next != ",", next != "\n", next != "\r" {
            throw FileLineError(file: source, line: line,
                                message: "unexpected character '\(next)' after a closing quote")
        }
    }

    private mutating func readUnquoted(_ c: Unicode.Scalar) {
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

    /// Ends the field and the record; a record that is one empty unquoted field
    /// is a blank line and is skipped.
    private mutating func endRecord() {
        record.append(String(field))
        if !(record.count == 1 && record[0].isEmpty && !fieldWasQuoted) { records.append(record) }
        record = []
        field = String.UnicodeScalarView()
        fieldWasQuoted = false
    }
}
