import Glibc  // log10

// Numbers as the CSVs and tables print them: plain decimals, never units.

/// `value` rounded half away from zero to `decimals` places.
func rounded(_ value: Double, decimals: Int) -> Double {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    return (value * scale).rounded() / scale
}

/// `value` with exactly `decimals` places, no exponent: 1.5 → "1.500" (decimals 3).
func formatFixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e15 else { return "\(value)" }
    let whole = Int(scaled)
    var text = String(whole / Int(scale))
    if decimals > 0 {
        let fraction = String(whole % Int(scale))
        text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
    return (value < 0 && scaled != 0 ? "-" : "") + text
}

/// `value` to `digits` significant digits (the whole part is never rounded away),
/// trailing zeros dropped, no exponent
/// for |value| ≥ 1e-9: 0.000942999001 → "0.000942999", 0.4793497 → "0.47935" (digits 5).
func formatSignificant(_ value: Double, digits: Int) -> String {
    guard value.isFinite, value != 0 else { return "\(value)" }
    let exponent = Int(log10(abs(value)).rounded(.down))
    guard exponent >= -9 else { return "\(value)" }
    var text = formatFixed(value, decimals: max(0, digits - 1 - exponent))
    if text.contains(".") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    return text
}
