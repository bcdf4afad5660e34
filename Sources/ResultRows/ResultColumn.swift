import Vocabulary

/// One CSV column of `ResultRow`, declared once: its header name, the line that
/// documents it (README.md, "CSV"), how a row's field becomes the cell's text
/// and how that text is read back into a row. The header, the cells and the
/// reader all walk the same lists (ResultColumn+Table.swift), so they cannot
/// disagree on a column's name, place or spelling.
public struct ResultColumn: Sendable {
    public let name: String
    /// The column's meaning, as README.md's "CSV" table gives it; columns that
    /// share a line there (`m`, `k`, `n`) carry the same text.
    public let doc: String
    /// The cell's text before CSV quoting; empty for an unset field.
    let write: @Sendable (ResultRow) -> String
    /// Sets the row's field from its cell, or throws naming the column, file and line.
    let read: @Sendable (inout ResultRow, ResultCell) throws(FileLineError) -> Void

    init(_ name: String, _ doc: String, write: @escaping @Sendable (ResultRow) -> String,
         read: @escaping @Sendable (inout ResultRow, ResultCell) throws(FileLineError) -> Void) {
        self.name = name
        self.doc = doc
        self.write = write
        self.read = read
    }
}

/// One record of a CSV being read, its fields found by header name.
struct ResultRecord {
    let fields: [String]
    let position: [String: Int]
    let source: String
    let line: Int

    /// The cell under `column`; empty when the header lacks it or the record is short.
    func text(_ column: String) -> String {
        guard let index = position[column], index < fields.count else { return "" }
        return fields[index]
    }
}

/// The cell of one column in one record, with the conversions the columns share.
/// Every refusal reads `FILE:LINE: column 'NAME' is 'TEXT', expected …`.
struct ResultCell {
    let record: ResultRecord
    let column: String

    var text: String { record.text(column) }
    /// The text, or nil when the cell is empty.
    var optionalText: String? { text.isEmpty ? nil : text }

    func fail(_ expected: String) -> FileLineError {
        FileLineError(file: record.source, line: record.line,
                      message: "column '\(column)' is \(quotedInput(text)), expected \(expected)")
    }

    func optionalInt() throws(FileLineError) -> Int? {
        guard let text = optionalText else { return nil }
        guard let value = Int(text) else { throw fail("an integer") }
        return value
    }

    func int() throws(FileLineError) -> Int {
        guard let value = try optionalInt() else { throw fail("an integer") }
        return value
    }

    /// NaN and infinities are refused: nothing corrupt is compared or recorded.
    func optionalReal() throws(FileLineError) -> Double? {
        guard let text = optionalText else { return nil }
        guard let value = Double(text) else { throw fail("a number") }
        guard value.isFinite else { throw fail("a finite number") }
        return value
    }

    func real() throws(FileLineError) -> Double {
        guard let value = try optionalReal() else { throw fail("a number") }
        return value
    }

    /// One of a Vocabulary enum's names, or empty (nil).
    func optionalChoice<T: RawRepresentable & CaseIterable>() throws(FileLineError) -> T?
    where T.RawValue == String {
        guard let text = optionalText else { return nil }
        guard let value = T(rawValue: text) else { throw fail(choiceList(T.allCases)) }
        return value
    }

    func choice<T: RawRepresentable & CaseIterable>() throws(FileLineError) -> T
    where T.RawValue == String {
        guard let value: T = try optionalChoice() else { throw fail(choiceList(T.allCases)) }
        return value
    }
}

// MARK: - The kinds of column: each pairs a writer with the reader that undoes it

extension ResultColumn {
    typealias Field<Value> = WritableKeyPath<ResultRow, Value> & Sendable

    static func int(_ name: String, _ field: Field<Int>, _ doc: String) -> Self {
        Self(name, doc, write: { String($0[keyPath: field]) },
             read: { (row, cell) throws(FileLineError) in row[keyPath: field] = try cell.int() })
    }

    static func optionalInt(_ name: String, _ field: Field<Int?>, _ doc: String) -> Self {
        Self(name, doc, write: { $0[keyPath: field].map(String.init) ?? "" },
             read: { (row, cell) throws(FileLineError) in row[keyPath: field] = try cell.optionalInt() })
    }

    static func real(_ name: String, _ field: Field<Double>, _ doc: String) -> Self {
        Self(name, doc, write: { "\($0[keyPath: field])" },
             read: { (row, cell) throws(FileLineError) in row[keyPath: field] = try cell.real() })
    }

    static func optionalReal(_ name: String, _ field: Field<Double?>, _ doc: String) -> Self {
        Self(name, doc, write: { $0[keyPath: field].map { "\($0)" } ?? "" },
             read: { (row, cell) throws(FileLineError) in row[keyPath: field] = try cell.optionalReal() })
    }

    /// Free text, written as it is; empty reads as nil.
    static func text(_ name: String, _ field: Field<String?>, _ doc: String) -> Self {
        Self(name, doc, write: { $0[keyPath: field] ?? "" },
             read: { row, cell in row[keyPath: field] = cell.optionalText })
    }

    static func choice<T: RawRepresentable & CaseIterable & Sendable>(_ name: String, _ field: Field<T>, _ doc: String) -> Self
    where T.RawValue == String {
        Self(name, doc, write: { $0[keyPath: field].rawValue },
             read: { (row, cell) throws(FileLineError) in row[keyPath: field] = try cell.choice() })
    }

    static func optionalChoice<T: RawRepresentable & CaseIterable & Sendable>(_ name: String, _ field: Field<T?>,
                                                                   _ doc: String) -> Self
    where T.RawValue == String {
        Self(name, doc, write: { $0[keyPath: field]?.rawValue ?? "" },
             read: { (row, cell) throws(FileLineError) in row[keyPath: field] = try cell.optionalChoice() })
    }

    /// `yes`, `no`, or empty (nil).
    static func yesNo(_ name: String, _ field: Field<Bool?>, _ doc: String) -> Self {
        Self(name, doc, write: { $0[keyPath: field].map { $0 ? "yes" : "no" } ?? "" },
             read: { (row, cell) throws(FileLineError) in
                 switch cell.text {
                 case "": row[keyPath: field] = nil
                 case "yes": row[keyPath: field] = true
                 case "no": row[keyPath: field] = false
                 default: throw cell.fail("'yes', 'no' or empty")
                 }
             })
    }

    /// `yes` when true, empty otherwise: false is not written, and reads back as nil.
    static func yesOrEmpty(_ name: String, _ field: Field<Bool?>, _ doc: String) -> Self {
        Self(name, doc, write: { $0[keyPath: field] == true ? "yes" : "" },
             read: { (row, cell) throws(FileLineError) in
                 switch cell.text {
                 case "": row[keyPath: field] = nil
                 case "yes": row[keyPath: field] = true
                 default: throw cell.fail("'yes' or empty")
                 }
             })
    }
}
