/// The subset of Python literal syntax a .npy header uses: numpy writes `repr(dict)`
/// and reads it back with `ast.literal_eval`, so any spacing, key order, quote style,
/// trailing commas and Python 2 `L` integer suffixes are all legal.
indirect enum PythonLiteral: Equatable {
    /// A string's raw bytes (latin-1 in format 1.0/2.0 headers, UTF-8 in 3.0).
    case string([UInt8])
    case integer(Int)
    case boolean(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dictionary([DictionaryEntry])

    struct DictionaryEntry: Equatable {
        let key: PythonLiteral
        let value: PythonLiteral
    }
}

/// Why a header did not parse; `offset` is a byte index into the header text.
struct PythonLiteralSyntaxError: Error, Equatable {
    let offset: Int
    let expected: String
}

/// A recursive-descent parser over header bytes.
struct PythonLiteralParser {
    /// Deeper nesting than this is never a real header; the bound keeps a hostile file
    /// from exhausting the stack.
    static let maximumDepth = 32

    private let bytes: [UInt8]
    private var position = 0

    /// Parses exactly one literal followed only by whitespace (numpy pads headers with spaces and a final newline).
    static func parse(_ bytes: [UInt8]) throws(PythonLiteralSyntaxError) -> PythonLiteral {
        var parser = PythonLiteralParser(bytes: bytes)
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("end of header after the literal") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func error(_ expected: String) -> PythonLiteralSyntaxError {
        PythonLiteralSyntaxError(offset: position, expected: expected)
    }

    private mutating func skipWhitespace() {
        while let byte = current {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                position += 1
            case UInt8(ascii: "\\") where position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "\n"):
                position += 2  // explicit line continuation
            default:
                return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(PythonLiteralSyntaxError) -> PythonLiteral {
        guard depth <= Self.maximumDepth else { throw error("at most \(Self.maximumDepth) levels of nesting") }
        skipWhitespace()
        guard let byte = current else { throw error("a value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseDictionary(depth: depth)
        case UInt8(ascii: "("): return try parseParenthesised(depth: depth)
        case UInt8(ascii: "["):
            position += 1
            return .list(try parseSequence(closing: UInt8(ascii: "]"), depth: depth).elements)
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try parseInteger())
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
            return try parseName()
        default:
            throw error("a value")
        }
    }

    private mutating func parseDictionary(depth: Int) throws(PythonLiteralSyntaxError) -> PythonLiteral {
        position += 1  // {
        var entries: [PythonLiteral.DictionaryEntry] = []
        while true {
            skipWhitespace()
            if current == UInt8(ascii: "}") { position += 1; return .dictionary(entries) }
            let key = try parseValue(depth: depth + 1)
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("':' after a dict key") }
            position += 1
            let value = try parseValue(depth: depth + 1)
            entries.append(.init(key: key, value: value))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return .dictionary(entries)
            default: throw error("',' or '}' in a dict")
            }
        }
    }

    /// `(a)` is just `a` in Python; `()`, `(a,)` and `(a, b)` are tuples.
    private mutating func parseParenthesised(depth: Int) throws(PythonLiteralSyntaxError) -> PythonLiteral {
        position += 1  // (
        let (elements, sawComma) = try parseSequence(closing: UInt8(ascii: ")"), depth: depth)
        if elements.count == 1 && !sawComma { return elements[0] }
        return .tuple(elements)
    }

    /// Elements up to `closing`, allowing a trailing comma; the opening bracket is already consumed.
    private mutating func parseSequence(closing: UInt8, depth: Int) throws(PythonLiteralSyntaxError) -> (elements: [PythonLiteral], sawComma: Bool) {
        var elements: [PythonLiteral] = []
        var sawComma = false
        while true {
            skipWhitespace()
            if current == closing { position += 1; return (elements, sawComma) }
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                position += 1
                sawComma = true
            } else if current == closing {
                position += 1
                return (elements, sawComma)
            } else {
                throw error("',' or '\(Character(Unicode.Scalar(closing)))'")
            }
        }
    }

    /// A single- or double-quoted string with backslash escapes for quotes, backslash, \n and \t.
    private mutating func parseString() throws(PythonLiteralSyntaxError) -> [UInt8] {
        let quote = bytes[position]
        position += 1
        var content: [UInt8] = []
        while let byte = current {
            position += 1
            if byte == quote { return content }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: "\\"), let escaped = current {
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): content.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): content.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): content.append(escaped)
                default: content += [byte, escaped]
                }
            } else {
                content.append(byte)
            }
        }
        throw error("a closing \(Character(Unicode.Scalar(quote))) for the string")
    }

    /// A decimal integer with optional sign and Python 2 `L` suffix (numpy still reads such headers).
    private mutating func parseInteger() throws(PythonLiteralSyntaxError) -> Int {
        let start = position
        var negative = false
        if current == UInt8(ascii: "-") || current == UInt8(ascii: "+") {
            negative = current == UInt8(ascii: "-")
            position += 1
            skipWhitespace()
        }
        var magnitude = 0
        var digits = 0
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1 && !overflow2 else {
                position = start
                throw error("an integer that fits in 64 bits")
            }
            magnitude = next
            digits += 1
            position += 1
        }
        guard digits > 0 else { throw error("digits") }
        if current == UInt8(ascii: "L") || current == UInt8(ascii: "l") { position += 1 }
        return negative ? -magnitude : magnitude
    }

    private mutating func parseName() throws(PythonLiteralSyntaxError) -> PythonLiteral {
        let start = position
        while let byte = current,
              (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") {
            position += 1
        }
        let name = bytes[start..<position]
        // Python 2 headers may spell unicode strings u'...'.
        if name.elementsEqual("u".utf8) || name.elementsEqual("U".utf8),
           current == UInt8(ascii: "'") || current == UInt8(ascii: "\"") {
            return .string(try parseString())
        }
        switch String(decoding: name, as: UTF8.self) {
        case "True": return .boolean(true)
        case "False": return .boolean(false)
        case "None": return .none
        default:
            position = start
            throw error("a value (True, False, None, a number, a string or a bracket)")
        }
    }
}
