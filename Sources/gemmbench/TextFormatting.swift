/// Pads `text` to `width` characters (on the right unless `left`).
func padded(_ text: String, to width: Int, with pad: Character = " ", left: Bool = false) -> String {
    let fill = String(repeating: pad, count: max(0, width - text.count))
    return left ? fill + text : text + fill
}

/// `value` rounded half away from zero to `digits` decimals, without Foundation's
/// formatter: fixed(3.14159, 2) = "3.14", fixed(2.5, 0) = "3", fixed(-0.0004, 3) = "0.000"
/// (no sign on a value that rounds to zero); inf and nan print as Swift prints them.
func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    let whole = Int(rounded / scale)
    var fraction = String(Int(rounded - Double(whole) * scale))
    fraction = padded(fraction, to: digits, with: "0", left: true)
    return (value < 0 && rounded != 0 ? "-" : "") + String(whole) + (digits > 0 ? "." + fraction : "")
}

/// Seconds in the most readable unit, decimals fixed per unit: below 1 ms in µs with
/// one decimal ("412.0 µs"), below 1 s in ms with two ("21.30 ms"), else in s with
/// three ("1.204 s").
func seconds(_ value: Double) -> String {
    if value < 1e-3 { return fixed(value * 1e6, 1) + " µs" }
    if value < 1 { return fixed(value * 1e3, 2) + " ms" }
    return fixed(value, 3) + " s"
}
