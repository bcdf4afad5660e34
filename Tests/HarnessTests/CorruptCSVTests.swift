import Foundation
import ResultRows
import Testing
@testable import Harness
import Vocabulary

/// The result-CSV reader refuses what would let corrupt data through `compare`
/// and `baseline`: NaN and infinities, a second row for one configuration, and
/// cells a spreadsheet would run as formulas; its messages name file and line
/// and stay one short line whatever the input holds.
@Suite struct CorruptCSVTests {
    static let good: ResultRow = {
        var row = ResultRow(op: .gemm, m: 64, k: 64, n: 64, kernel: .blas, workers: 2, threads: 1, transport: .shm,
                            split: "2x1", reps: 6, medianSeconds: 0.5, minSeconds: 0.4, maxSeconds: 0.6, gflops: 1,
                            speedup: 1.9, residual: 0.5, verdict: .pass, blasCore: "Zen")
        row.speedupLow = 1.8
        row.speedupHigh = 2.0
        return row
    }()

    /// The document of `row` with cell `column` replaced by `value` (written unquoted when it can be).
    static func document(_ row: ResultRow = good, setting column: String, to value: String) -> String {
        var cells = row.cells
        cells[ResultRow.columns.firstIndex(of: column)!] = value
        return CSV.document(header: ResultRow.columns, records: [cells])
    }

    @Test(arguments: ["speedup", "speedup_lo", "speedup_hi", "median_s", "gflops", "residual", "efficiency", "core_rt_ns"])
    func nanAndInfinityAreRefusedWithFileAndLine(column: String) throws {
        for value in ["nan", "inf", "NaN", "infinity"] {
            let text = Self.document(setting: column, to: value)
            #expect(throws: FileLineError(file: "raw.csv", line: 2,
                                          message: "column '\(column)' is '\(value)', expected a finite number")) {
                try ResultRow.parseCSV(text, source: "raw.csv")
            }
        }
        // "-inf" is refused too, already as a cell that is not a number yet starts with '-'.
        #expect(throws: FileLineError.self) { try ResultRow.parseCSV(Self.document(setting: column, to: "-inf"), source: "raw.csv") }
    }

    @Test func aFailedProductKeepsItsInfiniteResidualButAPassCannotHaveOne() throws {
        var failed = Self.good
        failed.verdict = .fail
        failed.residual = .infinity
        #expect(try ResultRow.parseCSV(ResultRow.csvDocument([failed]), source: "r.csv") == [failed])
        #expect(throws: FileLineError.self) {
            try ResultRow.parseCSV(Self.document(setting: "residual", to: "inf"), source: "r.csv")
        }
        #expect(throws: FileLineError.self) {
            try ResultRow.parseCSV(Self.document(failed, setting: "residual", to: "nan"), source: "r.csv")
        }
    }

    @Test func nonFiniteSamplesAreRefused() throws {
        func document(samples: String) -> String {
            CSV.document(header: ResultRow.columns + [ResultRow.samplesColumn], records: [Self.good.cells + [samples]])
        }
        #expect(try ResultRow.parseCSV(document(samples: "0.5 0.25"), source: "r.csv")[0].samples == [0.5, 0.25])
        for samples in ["0.5 nan", "inf 0.5"] {
            #expect(throws: FileLineError.self) { try ResultRow.parseCSV(document(samples: samples), source: "r.csv") }
        }
    }

    @Test func aSecondRowForOneConfigurationIsRefusedNamingBothLines() throws {
        var other = Self.good
        other.m = 128; other.k = 128; other.n = 128
        var again = Self.good
        again.speedup = 3
        let text = ResultRow.csvDocument([Self.good, other, again])
        #expect(throws: FileLineError(file: "raw.csv", line: 4,
                                      message: "a second row for gemm/n64/blas/w2/t1/shm (the first is on line 2)")) {
            try ResultRow.parseCSV(text, source: "raw.csv")
        }
        #expect(try ResultRow.parseCSV(ResultRow.csvDocument([Self.good, other]), source: "raw.csv").count == 2)
    }

    @Test(arguments: [
        ("blas_core", "=cmd|' /C calc'!A0"), ("blas_core", "+SUM(1)"), ("blas_core", "-x"), ("blas_core", "@SUM(A1)"),
        ("blas_core", "\tZen"), ("blas_core", "\rZen"), ("split", "=2x1"), ("bind", "@cores"),
        ("preset", "=HYPERLINK(\"http://x\",\"y\")"), ("grid", "-2x1"), ("samples_s", "-1 2"),
    ])
    func formulaLookingCellsAreRefused(column: String, value: String) throws {
        let text = CSV.document(header: ResultRow.columns + [ResultRow.samplesColumn],
                                records: [Self.good.cells + ["0.5"]].map { cells in
                                    var cells = cells
                                    cells[(ResultRow.columns + [ResultRow.samplesColumn]).firstIndex(of: column)!] = value
                                    return cells
                                })
        do {
            _ = try ResultRow.parseCSV(text, source: "raw.csv")
            Issue.record("\(column) = \(value) was accepted")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.contains("column '\(column)'"), "\(error)")
            #expect(error.message.contains("formula"), "\(error)")
        }
    }

    @Test func negativeNumbersAreNotFormulas() throws {
        #expect(!CSVCellRule.looksLikeFormula("-1.5"))
        #expect(!CSVCellRule.looksLikeFormula("+2"))
        #expect(!CSVCellRule.looksLikeFormula("Zen"))
        #expect(!CSVCellRule.looksLikeFormula(""))
        #expect(!CSVCellRule.looksLikeFormula("-"), "gemmbench-mpi's grid of a tiles run")
        #expect(CSVCellRule.looksLikeFormula("-inf"))
        #expect(CSVCellRule.looksLikeFormula("=1"))
    }

    @Test func thePresetColumnIsAPresetName() throws {
        #expect(throws: FileLineError(file: "r.csv", line: 2,
                                      message: "column 'preset' is 'huge', expected one of square|mixed|skinny or empty")) {
            try ResultRow.parseCSV(Self.document(setting: "preset", to: "huge"), source: "r.csv")
        }
    }

    /// Suite, tolerance and env.json readers cut echoed input the same way.
    @Test func otherReadersEchoLongInputShort() throws {
        let huge = String(repeating: "y", count: 100_000)
        let inputs: [() throws -> Void] = [
            { _ = try Suite.parse(text: "min_reps = 2\nrounds = 3\nmin_seconds = 0\n[gemm]\nsizes = \(huge)\nkernels = blas\nworkers = 1\nthreads = 1\n", path: "s.suite") },
            { _ = try Suite.parse(text: "\(huge)\n", path: "s.suite") },
            { _ = try Tolerances.parse(text: "\(huge) = 0.1\n", path: "t.txt") },
            { _ = try FlatJSONObject.parse("{\"a\": \(huge)}", source: "env.json") },
        ]
        for (index, input) in inputs.enumerated() {
            do {
                try input()
                Issue.record("input \(index) was accepted")
            } catch {
                let text = "\(error)"
                #expect(text.utf8.count < 300 && text.contains("(100000 bytes)"), "input \(index): \(text.prefix(300))")
            }
        }
    }

    /// The stricter reader must still read every baseline the repository ships.
    @Test func theCommittedBaselinesStillRead() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Benchmarks/baseline").path
        let folders = try FileManager.default.contentsOfDirectory(atPath: root).filter { isDirectory(root + "/" + $0) }
        #expect(!folders.isEmpty)
        for folder in folders {
            #expect(try !loadRows(root + "/" + folder + "/raw.csv").isEmpty, "\(folder)")
        }
    }

    /// A 1 MB field (the probe used 200 MB) is echoed as 80 characters and its size.
    @Test func aHugeOrMultiLineCellIsEchoedShortAndOnOneLine() throws {
        let huge = String(repeating: "x", count: 1_000_000)
        do {
            _ = try ResultRow.parseCSV(Self.document(setting: "workers", to: huge), source: "r.csv")
            Issue.record("accepted")
        } catch {
            #expect(error.description.utf8.count < 250, "\(error.description.prefix(300))")
            #expect(error.description.contains("(1000000 bytes)"))
        }
        do {
            _ = try ResultRow.parseCSV(Self.document(setting: "workers", to: "two\nlines"), source: "r.csv")
            Issue.record("accepted")
        } catch {
            #expect(!error.description.contains("\n"), "\(error.description)")
            #expect(error.description.contains("'two\\nlines'"), "\(error.description)")
        }
        #expect(quotedInput("abc") == "'abc'")
        #expect(quotedInput(String(repeating: "é", count: 81)) == "'\(String(repeating: "é", count: 80))…' (162 bytes)")
    }
}
