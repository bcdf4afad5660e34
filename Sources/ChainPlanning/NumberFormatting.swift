/// `x` rounded to `decimals` places, printed without exponent ("12.500").
/// Foundation-free so the module stays dependency-free. Non-finite values print
/// as Swift does ("inf", "nan").
func formatFixed(_ x: Double, decimals: Int) -> String {
    guard x.isFinite else { return "\(x)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(x) * scale).rounded()
    guard scaled < 9e18 else { return "\(x)" }  // beyond Int64: fall back to Swift's text
    let units = Int64(scaled)
    let whole = units / Int64(scale)
    var text = String(whole)
    if decimals > 0 {
        let fraction = String(units % Int64(scale))
        text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
    return (x < 0 && units != 0 ? "-" : "") + text
}

/// A flop count printed as a plain integer when it is one (it always is: 2·m·k·n).
func formatCount(_ x: Double) -> String {
    if x.isFinite, x == x.rounded(), abs(x) < 9e18 { return String(Int64(x)) }
    return "\(x)"
}
