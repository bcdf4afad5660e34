import ResultRows
import Testing
@testable import Harness
import Vocabulary

@Suite struct ResultRowCSVTests {
    static let rows = [
        ResultRow(op: .gemm, m: 1024, k: 1024, n: 1024, kernel: .blas, workers: 2, threads: 1, transport: .shm,
                  split: "2x1", reps: 5, medianSeconds: 0.0281, minSeconds: 0.0279, maxSeconds: 0.031,
                  gflops: 76.42, speedup: 1.9234, residual: 0.0123, verdict: .pass, blasCore: "Haswell"),
        ResultRow(op: .chain, dims: [2000, 500, 3000], workers: 0, threads: 1, planner: .optimal, reps: 3,
                  medianSeconds: 1e-05, minSeconds: 9.5e-06, maxSeconds: 2e-05, gflops: 1234.5,
                  residual: 3.5, verdict: .fail, blasCore: "Core, \"odd\" name", preset: "mixed"),
        ResultRow(op: .gemm, m: 300, k: 200, n: 100, workers: 0, threads: 2, reps: 1,
                  medianSeconds: 0.5, minSeconds: 0, maxSeconds: 0, gflops: 0,
                  residual: .infinity, verdict: .fail, blasCore: "line\nbreak"),
    ]

    @Test func rawCSVRoundTrips() throws {
        let text = ResultRow.csvDocument(Self.rows)
        #expect(text.hasPrefix(ResultRow.columns.joined(separator: ",") + "\n"))
        #expect(try ResultRow.parseCSV(text, source: "raw.csv") == Self.rows)
    }

    @Test func cellsAreUnquotedPlainNumbers() {
        let line = CSV.encodeRecord(Self.rows[0].cells)
        #expect(line == "gemm,1024,1024,1024,,blas,2,1,shm,2x1,,5,0.0281,0.0279,0.031,76.42,1.9234,0.0123,PASS,Haswell,,,,,,,,,,,,,,,,,,,,,,,,")
    }

    @Test func bindColumnRoundTripsAndIsOptional() throws {
        var row = Self.rows[0]
        row.bind = "cores"
        #expect(try ResultRow.parseCSV(ResultRow.csvDocument([row]), source: "raw.csv") == [row])
        #expect(try ResultRow.parseCSV(ResultRow.csvDocument([Self.rows[0]]), source: "raw.csv")[0].bind == nil)
    }

    /// `core_rt_ns` round-trips; a raw.csv written before the column existed reads as nil.
    @Test func coreRoundTripColumnRoundTripsAndIsOptional() throws {
        var row = Self.rows[0]
        row.coreRoundTripNs = 412.5
        let text = ResultRow.csvDocument([row])
        #expect(text.contains(",412.5,,,,\n"))
        #expect(try ResultRow.parseCSV(text, source: "raw.csv") == [row])
        let old = text.replacing(",core_rt_ns,detect_rel,check_s,blas_library,blas_version\n", with: "\n")
            .replacing(",412.5,,,,\n", with: "\n")
        #expect(!old.contains("core_rt_ns") && !old.contains("412.5"))
        #expect(try ResultRow.parseCSV(old, source: "raw.csv") == [Self.rows[0]])
        #expect(throws: FileLineError.self) { try ResultRow.parseCSV(text.replacing(",412.5,,,,\n", with: ",far,,,,\n"), source: "raw.csv") }
    }

    /// `detect_rel` and `check_s` round-trip; a raw.csv written before them reads as nil.
    @Test func verificationColumnsRoundTripAndAreOptional() throws {
        var row = Self.rows[0]
        row.detectionLimit = 5.4e-11
        row.checkSeconds = 0.0021
        let text = ResultRow.csvDocument([row])
        #expect(text.contains(",5.4e-11,0.0021,,\n"))
        #expect(try ResultRow.parseCSV(text, source: "raw.csv") == [row])
        let old = text.replacing(",detect_rel,check_s,blas_library,blas_version\n", with: "\n")
            .replacing(",5.4e-11,0.0021,,\n", with: "\n")
        #expect(try ResultRow.parseCSV(old, source: "raw.csv") == [Self.rows[0]])
    }

    @Test func readsColumnsByNameAndToleratesAMissingPresetColumn() throws {
        let text = "verdict,blas_core,op,m,k,n,dims,kernel,workers,threads,transport,split,planner,reps,median_s,"
            + "min_s,max_s,gflops,speedup,residual,extra\n"
            + "PASS,Zen,gemm,8,8,8,,naive,0,1,,,,3,0.5,0.4,0.6,0.002,,1.5,ignored\n"
        let rows = try ResultRow.parseCSV(text, source: "x.csv")
        #expect(rows == [ResultRow(op: .gemm, m: 8, k: 8, n: 8, kernel: .naive, workers: 0, threads: 1, reps: 3,
                                   medianSeconds: 0.5, minSeconds: 0.4, maxSeconds: 0.6, gflops: 0.002,
                                   residual: 1.5, verdict: .pass, blasCore: "Zen")])
    }

    @Test func badCellsAndMissingColumnsNameFileAndLine() throws {
        var text = ResultRow.csvDocument([Self.rows[0]])
        text += "gemm,8,8,8,,blas,two,1,,,,3,0.5,0.4,0.6,1,,1,PASS,Zen,\n"
        #expect(throws: FileLineError(file: "r.csv", line: 3, message: "column 'workers' is 'two', expected an integer")) {
            try ResultRow.parseCSV(text, source: "r.csv")
        }
        #expect(throws: FileLineError(file: "r.csv", line: 1, message: "header has no 'op' column")) {
            try ResultRow.parseCSV("m,k,n\n1,2,3\n", source: "r.csv")
        }
        #expect(throws: FileLineError.self) { try ResultRow.parseCSV("", source: "r.csv") }
    }

    /// op, kernel, transport, planner and verdict are Vocabulary names: anything else
    /// is refused with the accepted list, never carried along as text.
    @Test(arguments: [
        ("cuda,8,8,8,,blas,2,1,shm,,,3,0.5,0.4,0.6,1,,1,PASS,Zen,\n", "column 'op' is 'cuda', expected gemm|chain"),
        ("gemm,8,8,8,,cuda,2,1,shm,,,3,0.5,0.4,0.6,1,,1,PASS,Zen,\n", "column 'kernel' is 'cuda', expected blas|swift|naive"),
        ("gemm,8,8,8,,blas,2,1,tcp,,,3,0.5,0.4,0.6,1,,1,PASS,Zen,\n", "column 'transport' is 'tcp', expected shm|message"),
        ("chain,,,,8x8x8,,2,1,shm,,greedy,3,0.5,0.4,0.6,1,,1,PASS,Zen,\n",
         "column 'planner' is 'greedy', expected left|optimal|tree|parallel"),
        ("gemm,8,8,8,,blas,2,1,shm,,,3,0.5,0.4,0.6,1,,1,pass,Zen,\n", "column 'verdict' is 'pass', expected PASS|FAIL"),
        ("gemm,8,8,8,,blas,2,1,shm,,,3,0.5,0.4,0.6,1,,1,,Zen,\n", "column 'verdict' is '', expected PASS|FAIL"),
    ])
    func unknownNamesAreRefused(line: String, message: String) throws {
        let text = ResultRow.csvDocument([]) + line
        #expect(throws: FileLineError(file: "r.csv", line: 2, message: message)) {
            try ResultRow.parseCSV(text, source: "r.csv")
        }
    }
}

@Suite struct FlatJSONTests {
    @Test func parsesWritesAndReparses() throws {
        let text = #"{"cpu_model": "AMD \"EPYC\"\n", "cores": 2, "memory_bytes": 8.5e9, "ok": true, "none": null, "nested": {"a": [1, "]"]}}"#
        var object = try FlatJSONObject.parse(text, source: "info")
        #expect(object["cpu_model"] == .string("AMD \"EPYC\"\n"))
        #expect(object["cores"] == .number("2"))
        #expect(object["memory_bytes"]?.stringValue == "8.5e9")
        #expect(object["ok"] == .bool(true))
        #expect(object["none"] == .null)
        #expect(object["nested"] == .raw(#"{"a": [1, "]"]}"#))
        object["cores"] = .number("4")
        object["suite_text"] = .string("a = 1\n# tab\t")
        let again = try FlatJSONObject.parse(object.text, source: "env.json")
        #expect(again == object)
        #expect(again.fields.map(\.key) == ["cpu_model", "cores", "memory_bytes", "ok", "none", "nested", "suite_text"])
    }

    @Test(arguments: ["", "[1]", "{\"a\": }", "{\"a\": 1", "{\"a\": nope}", "{\"a\": 1} x"])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: HarnessError.self) { try FlatJSONObject.parse(text, source: "info") }
    }
}
