import ResultRows
import Testing
import Vocabulary

/// Files written before the late extension columns existed still read: the
/// committed baselines and the reference run are such files.
@Suite struct OldFormatTests {
    static func read(_ text: String, _ source: String) throws -> [ResultRow] {
        try ResultRow.parseCSV(text, source: source, identifiedBy: { _ -> String? in nil })
    }

    @Test("committed results files of every age read, and their rows write back and read the same",
          arguments: ["Benchmarks/baseline/AuthenticAMD-avx2/raw.csv", "Benchmarks/baseline/portable/raw.csv",
                      "Benchmarks/baseline/AuthenticAMD-avx512/raw.csv", "results/reference/raw.csv"])
    func committedFilesRead(path: String) throws {
        let text = try repositoryFile(path)
        let rows = try Self.read(text, path)
        #expect(!rows.isEmpty)
        #expect(try Self.read(ResultRow.csvDocument(rows), path) == rows)
    }

    /// The writer's bytes are the ones the committed baseline was written with.
    @Test("a file in today's format is rewritten byte for byte")
    func currentFormatIsRewrittenExactly() throws {
        let path = "Benchmarks/baseline/AuthenticAMD-avx512/raw.csv"
        let text = try repositoryFile(path)
        #expect(text.hasPrefix(ResultRow.columns.joined(separator: ",") + "\n"))
        #expect(ResultRow.csvDocument(try Self.read(text, path)) == text)
    }

    @Test("only the twenty core columns: every extension column reads as empty")
    func coreColumnsOnly() throws {
        let header = ResultColumn.core.map(\.name).joined(separator: ",")
        let text = header + "\ngemm,64,32,16,,blas,2,1,shm,2x1,,5,0.5,0.25,0.75,1.5,2,0.125,PASS,Zen\n"
        var expected = ResultRow(op: .gemm, m: 64, k: 32, n: 16, kernel: .blas, workers: 2, threads: 1,
                                 transport: .shm, split: "2x1", reps: 5, medianSeconds: 0.5, minSeconds: 0.25,
                                 maxSeconds: 0.75, gflops: 1.5, speedup: 2, residual: 0.125, verdict: .pass,
                                 blasCore: "Zen")
        #expect(try Self.read(text, "old.csv") == [expected])
        expected.blasLibrary = "openblas"
        #expect(try Self.read(header + ",blas_library\n" + text.split(separator: "\n")[1] + ",openblas\n", "o.csv")
                == [expected])
    }

    @Test("a core column missing from the header is refused by name; an extension one is not")
    func missingCoreColumnIsRefused() throws {
        for column in ResultColumn.core {
            let header = ResultColumn.core.filter { $0.name != column.name }.map(\.name).joined(separator: ",")
            #expect(throws: FileLineError(file: "x.csv", line: 1, message: "header has no '\(column.name)' column")) {
                try Self.read(header + "\n", "x.csv")
            }
        }
        for column in ResultColumn.extensions {
            let header = ResultRow.columns.filter { $0 != column.name }.joined(separator: ",")
            #expect(try Self.read(header + "\n", "x.csv").isEmpty)
        }
    }

    @Test("residual inf stands only beside FAIL")
    func infiniteResidualOnlyOnFail() throws {
        var failed = ResultRow(op: .gemm, m: 8, k: 8, n: 8, workers: 0, threads: 1, reps: 1, medianSeconds: 1,
                               minSeconds: 1, maxSeconds: 1, gflops: 1, residual: .infinity, verdict: .fail,
                               blasCore: "Zen")
        #expect(try Self.read(ResultRow.csvDocument([failed]), "r.csv") == [failed])
        failed.verdict = .pass
        #expect(throws: FileLineError(file: "r.csv", line: 2, message: "column 'residual' is 'inf', expected a finite number")) {
            try Self.read(ResultRow.csvDocument([failed]), "r.csv")
        }
    }

    @Test("a second row with the same identity is refused, naming both lines")
    func duplicateIdentityIsRefused() throws {
        let row = ResultRow(op: .gemm, m: 8, k: 8, n: 8, workers: 0, threads: 1, reps: 1, medianSeconds: 1,
                            minSeconds: 1, maxSeconds: 1, gflops: 1, residual: 1, verdict: .pass, blasCore: "Zen")
        let text = ResultRow.csvDocument([row, row])
        #expect(throws: FileLineError(file: "d.csv", line: 3, message: "a second row for n8 (the first is on line 2)")) {
            try ResultRow.parseCSV(text, source: "d.csv", identifiedBy: { "n\($0.n!)" })
        }
        #expect(try Self.read(text, "d.csv").count == 2, "rows without an identity are not compared")
    }
}
