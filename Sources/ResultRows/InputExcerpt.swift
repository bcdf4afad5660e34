/// Input echoed in an error message, quoted: at most `inputExcerptLimit`
/// characters, then "…" and the whole input's size, with control characters
/// escaped. A malformed 200 MB CSV field or a cell holding a newline must still
/// give one readable stderr line (docs/contracts.md, "Input files").
///
///     quotedInput("abc")            → 'abc'
///     quotedInput(a 200 MB string)  → 'xxxx…' (200000000 bytes)
package func quotedInput(_ text: String) -> String {
    var shown = ""
    var count = 0
    for scalar in text.unicodeScalars {
        if count == inputExcerptLimit {
            return "'\(shown)…' (\(text.utf8.count) bytes)"
        }
        shown += scalar.properties.generalCategory == .control ? scalar.escaped(asASCII: true) : String(scalar)
        count += 1
    }
    return "'\(shown)'"
}

/// Characters of input an error message repeats before it cuts off.
package let inputExcerptLimit = 80
