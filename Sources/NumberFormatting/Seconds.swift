/// Seconds in the most readable unit, decimals fixed per unit: below 1 ms in µs with
/// one decimal ("412.0 µs"), below 1 s in ms with two ("21.30 ms"), else in s with
/// three ("1.204 s"). Both executables' text reports use it.
public func seconds(_ value: Double) -> String {
    if value < 1e-3 { return formatFixed(value * 1e6, decimals: 1) + " µs" }
    if value < 1 { return formatFixed(value * 1e3, decimals: 2) + " ms" }
    return formatFixed(value, decimals: 3) + " s"
}
