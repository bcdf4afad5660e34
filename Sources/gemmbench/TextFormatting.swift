import NumberFormatting

/// Pads `text` to `width` characters (on the right unless `left`).
func padded(_ text: String, to width: Int, with pad: Character = " ", left: Bool = false) -> String {
    let fill = String(repeating: pad, count: max(0, width - text.count))
    return left ? fill + text : text + fill
}
