import ResultRows
import Testing
@testable import Harness

/// tolerances.txt of any length is read in one linear pass that stops at the
/// first bad line (issue 17, item 10: 200,000 lines took 62 s to report line 2).
@Suite struct TolerancesTests {
    /// `count` distinct pattern lines, each valid.
    static func patternLines(_ count: Int) -> String {
        (0..<count).map { "gemm/n\($0)/* = 0.25\n" }.joined()
    }

    @Test func aMistakeOnLineTwoOfALargeFileIsReportedAtOnce() throws {
        let text = "default = 0.15\ngemm/n1/* = lots\n" + Self.patternLines(200_000)
        let start = ContinuousClock.now
        let error = #expect(throws: FileLineError.self) { try Tolerances.parse(text: text, path: "t.txt") }
        let elapsed = ContinuousClock.now - start
        #expect(error?.line == 2, "\(String(describing: error))")
        // One pass over the text to split it, then nothing past line 2; a debug
        // build does it in well under a second.
        #expect(elapsed < .seconds(5), "took \(elapsed)")
    }

    @Test func aLargeValidFileWithAMistakeAtTheEndIsReadInLinearTime() throws {
        let lines = 200_000
        let text = Self.patternLines(lines) + "gemm/n1/* = 0.3\n"
        let start = ContinuousClock.now
        let error = #expect(throws: FileLineError.self) { try Tolerances.parse(text: text, path: "t.txt") }
        let elapsed = ContinuousClock.now - start
        // The duplicate key of line 2, found by a lookup, not by comparing with every earlier line.
        #expect(error?.line == lines + 1 && error?.description.contains("first set on line 2") == true,
                "\(String(describing: error))")
        #expect(elapsed < .seconds(20), "took \(elapsed) (quadratic: minutes)")
    }

    @Test func sectionsAndBadValuesAreRefusedNamingTheirLine() {
        for (text, line) in [("default = 0.1\n[gemm]\n", 2), ("default = 1.5\n", 1), ("speed = 0.1\n", 1)] {
            let error = #expect(throws: FileLineError.self) { try Tolerances.parse(text: text, path: "t.txt") }
            #expect(error?.line == line, "\(text)")
        }
    }
}
