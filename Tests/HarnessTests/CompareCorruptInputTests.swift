import ResultRows
import Testing
@testable import Harness
import Vocabulary

/// `compare` on a current run whose raw.csv is corrupt: an error (exit 1), never ok or improved.
@Suite final class CompareCorruptInputTests: ScratchSpace {
    /// A baseline recorded from one stub sweep and a second sweep to compare; returns (baseline root, current run, stub).
    func recordedPair() throws -> (String, String, String) {
        let (_, first) = try sweep(in: scratch) { try makeStubBinary(in: $0) }
        let root = makeDirectory()
        let stub = try makeStubBinary(in: makeDirectory())
        #expect(recordBaseline(runs: ["\(first)/latest"], into: root, binary: stub) == .success)
        let (_, again) = try sweep(in: scratch) { try makeStubBinary(in: $0) }
        #expect(runCompare(baseline: root, current: "\(again)/latest", binary: stub) == .success)
        return (root, "\(again)/latest", stub)
    }

    @Test(arguments: ["nan", "inf"])
    func aNonFiniteSpeedupIsAnError(value: String) throws {
        let (root, current, stub) = try recordedPair()
        var rows = try ResultRow.parseCSV(try readFile("\(current)/raw.csv"), source: "raw.csv")
        let index = try #require(rows.firstIndex { BenchConfiguration(row: $0)?.key == "gemm/n200/blas/w2/t1/shm" })
        let number = Double(value)!
        rows[index].speedup = number; rows[index].speedupLow = number; rows[index].speedupHigh = number
        try writeFile("\(current)/raw.csv", ResultRow.csvDocument(rows))
        #expect(runCompare(baseline: root, current: current, binary: stub) == .error)
    }

    @Test func aDuplicatedConfigurationIsAnError() throws {
        let (root, current, stub) = try recordedPair()
        var rows = try ResultRow.parseCSV(try readFile("\(current)/raw.csv"), source: "raw.csv")
        let index = try #require(rows.firstIndex { BenchConfiguration(row: $0)?.key == "gemm/n200/blas/w2/t1/shm" })
        var copy = rows[index]
        copy.speedup = 100; copy.speedupLow = 99; copy.speedupHigh = 101
        rows.append(copy)
        try writeFile("\(current)/raw.csv", ResultRow.csvDocument(rows))
        #expect(runCompare(baseline: root, current: current, binary: stub) == .error)
    }
}
