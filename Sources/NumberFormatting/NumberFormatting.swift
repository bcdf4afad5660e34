import Glibc  // log10

// Numbers as gemmbench prints them (reports, tables, CSV-side summaries): plain
// decimals, never exponents or units, and no Foundation formatter. The one
// formatter of the package: the planner's report, the harness and the command
// line all print through it.

/// The largest magnitude, after scaling by 10^decimals, that a Double holds as an
/// exact integer (2⁵³): beyond it the digits would be noise, so Swift's own text is printed.
let largestExactInteger = 9_007_199_254_740_992.0

/// `value` rounded half away from zero to `decimals` places.
public func rounded(_ value: Double, decimals: Int) -> Double {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    return (value * scale).rounded() / scale
}

/// `value` rounded half away from zero to exactly `decimals` places, no exponent:
/// formatFixed(1.5, decimals: 3) = "1.500", formatFixed(2.5, decimals: 0) = "3",
/// formatFixed(-0.0004, decimals: 3) = "0.000" (no sign on a value that rounds to zero).
/// inf, nan, and values whose scaled magnitude reaches 2⁵³ print as Swift prints them.
public func formatFixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < largestExactInteger else { return "\(value)" }
    let units = Int(scaled), unitsPerWhole = Int(scale)
    var text = String(units / unitsPerWhole)
    if decimals > 0 {
        let fraction = String(units % unitsPerWhole)
        text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
    return (value < 0 && units != 0 ? "-" : "") + text
}

/// `value` to `digits` significant digits (the whole part is never rounded away),
/// trailing zeros dropped, no exponent
/// for |value| ≥ 1e-9: 0.000942999001 → "0.000942999", 0.4793497 → "0.47935" (digits 5).
public func formatSignificant(_ value: Double, digits: Int) -> String {
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

/// A count held in a Double (a flop count, 2·m·k·n) printed as a plain integer
/// when it is a whole number within Int's range; otherwise as Swift prints it.
public func formatCount(_ value: Double) -> String {
    if let whole = Int(exactly: value) { return String(whole) }
    return "\(value)"
}

/// `value` in scientific notation with `digits` significant digits:
/// 5.3514e-11 → "5.4e-11" (digits 2), 1e-8 → "1.0e-08"; 0, ∞ and NaN as Swift prints them.
public func formatScientific(_ value: Double, digits: Int) -> String {
    guard value.isFinite, value != 0 else { return "\(value)" }
    var exponent = Int(log10(abs(value)).rounded(.down))
    var mantissa = abs(value) / pow10(exponent)
    var text = formatFixed(mantissa, decimals: max(digits - 1, 0))
    if text.hasPrefix("10") {  // 9.96 rounded up to 10.0
        exponent += 1
        mantissa /= 10
        text = formatFixed(mantissa, decimals: max(digits - 1, 0))
    }
    let sign = exponent < 0 ? "-" : "+"
    let power = String(abs(exponent))
    return (value < 0 ? "-" : "") + text + "e" + sign + (power.count < 2 ? "0" : "") + power
}

/// 10^exponent, exact for the powers a Double represents exactly.
private func pow10(_ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<abs(exponent) { result *= 10 }
    return exponent < 0 ? 1 / result : result
}
