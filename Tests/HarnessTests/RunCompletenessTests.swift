import ResultRows
import Testing
@testable import Harness
import Vocabulary

/// env.json's `complete` marker, and `baseline` refusing runs that lack rows.
@Suite final class RunCompletenessTests: ScratchSpace {
    func environment(_ run: String) throws -> FlatJSONObject {
        try FlatJSONObject.parse(try readFile("\(run)/env.json"), source: "env.json")
    }

    @Test func aFinishedSweepIsMarkedCompleteAndRecorded() throws {
        let (status, out) = try sweep(in: scratch) { try makeStubBinary(in: $0) }
        #expect(status == 0)
        let record = try environment("\(out)/latest")
        #expect(record["complete"] == .bool(true))
        #expect(record["incomplete_reason"] == nil)
        let stub = try makeStubBinary(in: makeDirectory())
        #expect(recordBaseline(runs: ["\(out)/latest"], into: makeDirectory(), binary: stub) == .success)
    }

    @Test func aSweepWithACrashedConfigurationIsMarkedIncompleteAndRefused() throws {
        let (status, out) = try sweep(in: scratch) { try makeStubBinary(in: $0, crashWhen: "--size 200 --kernel blas --workers 2") }
        #expect(status == 1)
        let run = "\(out)/20261125T193000Z"
        let record = try environment(run)
        #expect(record["complete"] == .bool(false))
        #expect(record["incomplete_reason"]?.stringValue?.contains("gemm n=200") == true, "\(record.text)")
        let stub = try makeStubBinary(in: makeDirectory())
        let into = makeDirectory()
        #expect(recordBaseline(runs: [run], into: into, binary: stub) == .error)
        #expect(!isDirectory("\(into)/StubVendor-avx2"), "nothing recorded")
    }

    @Test func aSweepWithATimedOutConfigurationIsMarkedIncompleteAndRefused() throws {
        let suite = "timeout_seconds = 1\n" + smallSuite
        let (status, out) = try sweep(suite: suite, in: scratch) { try makeStubBinary(in: $0, hangWhen: "--size 100 --kernel blas --workers 2") }
        #expect(status == 1)
        let run = "\(out)/20261125T193000Z"
        #expect(try environment(run)["complete"] == .bool(false))
        let stub = try makeStubBinary(in: makeDirectory())
        #expect(recordBaseline(runs: [run], into: makeDirectory(), binary: stub) == .error)
    }

    /// A run folder from before the marker: complete only when every configuration
    /// of the suite it recorded has a row.
    @Test func aRunWithoutTheMarkerIsJudgedByItsRows() throws {
        let (_, out) = try sweep(in: scratch) { try makeStubBinary(in: $0) }
        let run = "\(out)/20261125T193000Z"
        var record = try environment(run)
        record["complete"] = nil
        try writeFile("\(run)/env.json", record.text)
        let stub = try makeStubBinary(in: makeDirectory())
        #expect(recordBaseline(runs: [run], into: makeDirectory(), binary: stub) == .success)

        var rows = try ResultRow.parseCSV(try readFile("\(run)/raw.csv"), source: "raw.csv")
        rows.removeAll { BenchConfiguration(row: $0)?.key == "gemm/n200/blas/w2/t1/shm" }
        try writeFile("\(run)/raw.csv", ResultRow.csvDocument(rows))
        #expect(throws: HarnessError.self) { try RunCompleteness.check(record, source: "env.json", rows: rows) }
        #expect(recordBaseline(runs: [run], into: makeDirectory(), binary: stub) == .error)

        record["suite_text"] = nil
        #expect(throws: HarnessError.self) { try RunCompleteness.check(record, source: "env.json", rows: rows) }
    }

    @Test func anExplicitIncompleteMarkerIsRefusedWithItsReason() throws {
        var record = FlatJSONObject()
        record.markIncomplete("stopped in round 1")
        #expect(throws: HarnessError("env.json marks the run incomplete (stopped in round 1): record a run that finished")) {
            try RunCompleteness.check(record, source: "env.json", rows: [])
        }
        record["complete"] = .string("yes")
        #expect(throws: HarnessError.self) { try RunCompleteness.check(record, source: "env.json", rows: []) }
        record.markComplete()
        try RunCompleteness.check(record, source: "env.json", rows: [])
    }

    @Test func baselineRefusesARawCSVWithNaNOrAFormula() throws {
        let stub = try makeStubBinary(in: makeDirectory())
        for (from, to) in [(",Haswell,", ",=cmd|' /C calc'!A0,"), (",0.5,PASS,", ",nan,PASS,")] {
            let (_, out) = try sweep(in: scratch) { try makeStubBinary(in: $0) }
            let path = "\(out)/latest/raw.csv"
            let text = try readFile(path)
            #expect(text.contains(from))
            try writeFile(path, text.replacing(from, with: to))
            let into = makeDirectory()
            #expect(recordBaseline(runs: ["\(out)/latest"], into: into, binary: stub) == .error)
            #expect(!isDirectory("\(into)/StubVendor-avx2"), "nothing recorded")
        }
    }
}
