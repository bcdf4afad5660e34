import NumberFormatting
import Testing

/// The one number formatter every report, table and summary prints through.
struct NumberFormattingTests {
    @Test("fixed-point formatting rounds half away from zero and pads", arguments: [
        (1.5, 3, "1.500"), (0.0005, 3, "0.001"), (2, 0, "2"), (-1.25, 1, "-1.3"), (12.345, 2, "12.35"),
        (-0.0001, 2, "0.00"), (0.0, 3, "0.000"), (1.23456, 3, "1.235"), (-0.5, 1, "-0.5"), (12.0, 0, "12"),
        (0.000_000_001, 9, "0.000000001"), (2.5, 0, "3"), (3.14159, 2, "3.14"),
    ])
    func fixed(value: Double, decimals: Int, expected: String) {
        #expect(formatFixed(value, decimals: decimals) == expected)
    }

    @Test("values with no exact fixed-point text print as Swift does")
    func fixedFallsBackBeyondExactIntegers() {
        #expect(formatFixed(.infinity, decimals: 2) == "inf")
        #expect(formatFixed(.nan, decimals: 2) == "nan")
        #expect(formatFixed(1e300, decimals: 2) == "1e+300")
        #expect(formatFixed(1e15, decimals: 0) == "1000000000000000")
    }

    @Test(arguments: [(0.000942999001, 6, "0.000942999"), (0.4793497, 5, "0.47935"), (42.0, 6, "42"),
                      (123456789.0, 3, "123456789") /* the whole part is never rounded */, (-0.5, 2, "-0.5"), (0.0, 6, "0.0")])
    func significant(value: Double, digits: Int, expected: String) {
        #expect(formatSignificant(value, digits: digits) == expected)
    }

    @Test func countsPrintAsIntegersWhenWhole() {
        #expect(formatCount(2 * 1024 * 1024 * 1024) == "2147483648")
        #expect(formatCount(1.5) == "1.5")
        #expect(formatCount(.infinity) == "inf")
    }

    @Test func roundingKeepsTheGivenDecimals() {
        #expect(rounded(1.23456, decimals: 4) == 1.2346)
        #expect(rounded(-2.5, decimals: 0) == -3)
    }
}

@Suite("Scientific notation")
struct ScientificFormattingTests {
    @Test(arguments: [(5.3514e-11, 2, "5.4e-11"), (1e-8, 2, "1.0e-08"), (9.96e-3, 2, "1.0e-02"), (-2.5e7, 3, "-2.50e+07"),
                      (1.0, 1, "1e+00"), (0.0, 2, "0.0")])
    func scientific(value: Double, digits: Int, expected: String) {
        #expect(formatScientific(value, digits: digits) == expected)
    }
}
