/// The two-sided 95 % critical value of Student's t distribution, t(0.975; ν):
/// the multiplier of a standard error when only a few rounds or runs estimate
/// the spread (Student 1908; values from any statistical table).
public enum StudentT {
    /// t(0.975; ν) for ν = 1…30, four decimals.
    static let table: [Double] = [
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
        2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
        2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
    ]

    /// z(0.975) of the normal distribution, the limit of t(0.975; ν) as ν grows.
    public static let normalQuantile975 = 1.959964

    /// t(0.975; ν) for ν ≥ 1 degrees of freedom: the table up to 30, then the
    /// Cornish–Fisher expansion around the normal quantile z = 1.959964
    /// (Abramowitz & Stegun 26.7.5), which matches the table to 1e-4 at ν = 30
    /// and only gets closer as ν grows. nil for ν < 1.
    public static func quantile975(degreesOfFreedom ν: Int) -> Double? {
        guard ν >= 1 else { return nil }
        if ν <= table.count { return table[ν - 1] }
        let z = normalQuantile975, v = Double(ν)
        let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z
        let g1 = (z3 + z) / 4
        let g2 = (5 * z5 + 16 * z3 + 3 * z) / 96
        let g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384
        return z + g1 / v + g2 / (v * v) + g3 / (v * v * v)
    }
}
