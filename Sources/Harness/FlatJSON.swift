import ResultRows

/// A JSON value as env.json needs it: strings, numbers (kept as their text, so
/// nothing is reformatted), booleans, null; a nested object or array is kept
/// verbatim as `raw` text.
enum JSONValue: Equatable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case raw(String)

    var stringValue: String? {
        switch self {
        case .string(let text): return text
        case .number(let text), .raw(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return nil
        }
    }

    var encoded: String {
        switch self {
        case .string(let text): return jsonQuoted(text)
        case .number(let text), .raw(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        }
    }
}

/// One JSON object with ordered fields: `gemmbench info --json` in, env.json out.
struct FlatJSONObject: Equatable {
    private(set) var fields: [(key: String, value: JSONValue)] = []

    static func == (a: Self, b: Self) -> Bool {
        a.fields.map(\.key) == b.fields.map(\.key) && a.fields.map(\.value) == b.fields.map(\.value)
    }

    subscript(key: String) -> JSONValue? {
        get { fields.first { $0.key == key }?.value }
        set {
            if let index = fields.firstIndex(where: { $0.key == key }) {
                if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append((key, newValue))
            }
        }
    }

    /// Pretty-printed, one field per line, ending in a newline.
    var text: String {
        if fields.isEmpty { return "{}\n" }
        return "{\n" + fields.map { "  \(jsonQuoted($0.key)): \($0.value.encoded)" }.joined(separator: ",\n") + "\n}\n"
    }

    /// Parses one JSON object. Errors name `source`.
    static func parse(_ text: String, source: String) throws(HarnessError) -> FlatJSONObject {
        var scanner = JSONScanner(Array(text.unicodeScalars))
        do throws(HarnessError) {
            let object = try scanner.object()
            scanner.skipSpace()
            guard scanner.atEnd else { throw scanner.failure("text after the closing brace") }
            return object
        } catch {
            throw HarnessError("\(source): invalid JSON: \(error.description)")
        }
    }
}

/// `text` as a JSON string literal (RFC 8259 escapes).
public func jsonQuoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

private struct JSONScanner {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    var atEnd: Bool { index >= scalars.count }

    func failure(_ message: String) -> HarnessError { HarnessError("\(message) at character \(index)") }

    mutating func skipSpace() {
        while index < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[index]) { index += 1 }
    }

    mutating func expect(_ scalar: Unicode.Scalar) throws(HarnessError) {
        skipSpace()
        guard index < scalars.count, scalars[index] == scalar else { throw failure("expected '\(scalar)'") }
        index += 1
    }

    mutating func object() throws(HarnessError) -> FlatJSONObject {
        try expect("{")
        var object = FlatJSONObject()
        skipSpace()
        if index < scalars.count, scalars[index] == "}" { index += 1; return object }
        while true {
            skipSpace()
            let key = try string()
            try expect(":")
            object[key] = try value()
            skipSpace()
            guard index < scalars.count else { throw failure("unterminated object") }
            if scalars[index] == "," { index += 1; continue }
            if scalars[index] == "}" { index += 1; return object }
            throw failure("expected ',' or '}'")
        }
    }

    mutating func value() throws(HarnessError) -> JSONValue {
        skipSpace()
        guard index < scalars.count else { throw failure("missing value") }
        let start = index
        switch scalars[index] {
        case "\"": return .string(try string())
        case "{", "[":
            try skipNested()
            return .raw(String(String.UnicodeScalarView(scalars[start..<index])))
        default:
            while index < scalars.count, !([",", "}", "]", " ", "\n", "\r", "\t"] as [Unicode.Scalar]).contains(scalars[index]) {
                index += 1
            }
            let word = String(String.UnicodeScalarView(scalars[start..<index]))
            switch word {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default:
                guard Double(word) != nil else { index = start; throw failure("invalid value \(quotedInput(word))") }
                return .number(word)
            }
        }
    }

    mutating func string() throws(HarnessError) -> String {
        guard index < scalars.count, scalars[index] == "\"" else { throw failure("expected a string") }
        index += 1
        var out = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar == "\"" { return String(out) }
            if scalar != "\\" { out.append(scalar); continue }
            guard index < scalars.count else { break }
            let escape = scalars[index]
            index += 1
            switch escape {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "b": out.append("\u{8}")
            case "f": out.append("\u{C}")
            case "u":
                guard index + 4 <= scalars.count,
                      let code = UInt32(String(String.UnicodeScalarView(scalars[index..<index + 4])), radix: 16)
                else { throw failure("bad \\u escape") }
                index += 4
                out.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default: out.append(escape)
            }
        }
        throw failure("unterminated string")
    }

    /// Skips a nested object or array, respecting strings.
    mutating func skipNested() throws(HarnessError) {
        var depth = 0
        repeat {
            guard index < scalars.count else { throw failure("unterminated object or array") }
            switch scalars[index] {
            case "{", "[": depth += 1; index += 1
            case "}", "]": depth -= 1; index += 1
            case "\"": _ = try string()
            default: index += 1
            }
        } while depth > 0
    }
}
