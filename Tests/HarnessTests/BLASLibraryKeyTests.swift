@testable import Harness
import ResultRows
import Testing
import Vocabulary

/// Libraries in configurations, rows and reports (issue 22): the linked
/// OpenBLAS keeps the keys it always had, so old files and the committed
/// baselines still compare clean; other libraries are keyed, referenced and
/// compared library by library.
@Suite("BLAS libraries in keys and reports")
struct BLASLibraryKeyTests {
    static func row(n: Int = 1024, kernel: Kernel = .blas, workers: Int, threads: Int, library: String?,
                    median: Double, low: Double, high: Double) -> ResultRow {
        var row = ResultRow(op: .gemm, m: n, k: n, n: n, kernel: kernel, workers: workers, threads: threads,
                            transport: workers > 0 ? .shm : nil, reps: 6, medianSeconds: median, minSeconds: low,
                            maxSeconds: high, gflops: 2 * Double(n * n * n) / median / 1e9, residual: 0.1,
                            verdict: .pass, blasCore: "Zen")
        row.blasLibrary = library
        row.blasVersion = library == nil ? nil : "1.0"
        row.ciLowSeconds = low
        row.ciHighSeconds = high
        return row
    }

    @Test func theLinkedOpenBLASKeepsItsKeys() throws {
        let old = Self.row(workers: 2, threads: 1, library: nil, median: 0.02, low: 0.019, high: 0.021)
        let named = Self.row(workers: 2, threads: 1, library: "openblas", median: 0.02, low: 0.019, high: 0.021)
        #expect(BenchConfiguration(row: old)?.key == "gemm/n1024/blas/w2/t1/shm")
        #expect(BenchConfiguration(row: named) == BenchConfiguration(row: old))
        // The same through CSV: a file without the two columns reads as the linked library.
        let document = ResultRow.csvDocument([named])
        let header = document.split(separator: "\n")[0].split(separator: ",")
        #expect(Array(header.suffix(2)) == ["blas_library", "blas_version"], "appended last")
        let withoutColumns = document.split(separator: "\n").map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).dropLast(2).joined(separator: ",")
        }.joined(separator: "\n") + "\n"
        let reread = try ResultRow.parseCSV(withoutColumns, source: "old.csv")
        #expect(reread.count == 1 && reread[0].blasLibrary == nil)
        #expect(BenchConfiguration(row: reread[0])?.key == "gemm/n1024/blas/w2/t1/shm")
        #expect(try ResultRow.parseCSV(document, source: "new.csv")[0].blasLibrary == "openblas")
    }

    @Test func otherLibrariesAreKeyedReferencedAndRunByTheirName() {
        let blis = BenchConfiguration.gemm(n: 2048, kernel: .blas, workers: 2, threads: 1, library: "blis")
        #expect(blis.key == "gemm/n2048/blas@blis/w2/t1/shm")
        #expect(blis.reference.key == "gemm/n2048/blas@blis/w0/t1")
        #expect(blis.arguments(minReps: 2, minSeconds: 0.2).contains("--blas"))
        let path = BenchConfiguration.gemm(n: 64, kernel: .blas, workers: 0, threads: 2, library: "/opt/x/libfoo.so")
        #expect(path.key == "gemm/n64/blas@libfoo.so/w0/t2")
        // The Swift kernel runs no library: its key and reference are what they were.
        let swift = BenchConfiguration.gemm(n: 1024, kernel: .swift, workers: 0, threads: 1, library: "blis")
        #expect(swift.key == "gemm/n1024/swift/w0/t1" && swift.reference.key == "gemm/n1024/blas/w0/t1")
        let chain = BenchConfiguration(problem: .chainPreset("mixed"), planner: .parallel, workers: 2, threads: 1,
                                       library: "reference")
        #expect(chain.key == "chain/mixed/parallel@reference/w2/t1/shm")
        #expect(chain.reference.key == "chain/mixed/optimal@reference/w0/t1")
    }

    @Test func suitesNameLibrariesAndRefuseAnythingElse() throws {
        let text = "min_reps = 2\nmin_seconds = 0.1\n[gemm]\nsizes = 64\nkernels = blas\nworkers = 2\nthreads = 1, 2\nblas = openblas, reference, /opt/libx.so\n"
        let suite = try Suite.parse(text: text, path: "x.suite")
        #expect(suite.gemmGrids[0].libraries == [nil, "reference", "/opt/libx.so"])
        let keys = try SweepPlan(suite: suite).configurations.map(\.key)
        #expect(keys.contains("gemm/n64/blas@reference/w2/t1/shm") && keys.contains("gemm/n64/blas@libx.so/w2/t2/shm"))
        #expect(!keys.contains { $0.contains("@reference") && $0.contains("/t2") }, "the reference BLAS runs one thread")
        #expect(keys.contains("gemm/n64/blas/w0/t2"))
        #expect(throws: FileLineError.self) {
            try Suite.parse(text: "min_reps = 2\nmin_seconds = 0.1\n[gemm]\nsizes = 64\nkernels = blas\nworkers = 2\nthreads = 1\nblas = mkl\n", path: "x.suite")
        }
    }

    @Test func theLibraryTableNamesWhoLeadsOnlyWhenCIsSeparate() {
        // openblas 2 proc clearly ahead of blis 2 thr; at P × T = 1 their CIs overlap.
        let rows = [
            Self.row(workers: 0, threads: 1, library: "openblas", median: 0.040, low: 0.039, high: 0.041),
            Self.row(workers: 0, threads: 1, library: "blis", median: 0.0405, low: 0.0395, high: 0.0415),
            Self.row(workers: 2, threads: 1, library: "openblas", median: 0.020, low: 0.0199, high: 0.0201),
            Self.row(workers: 0, threads: 2, library: "blis", median: 0.030, low: 0.029, high: 0.031),
            Self.row(kernel: .swift, workers: 0, threads: 1, library: "openblas", median: 0.080, low: 0.079, high: 0.081),
        ]
        let comparison = LibraryComparison(rows: rows)
        #expect(comparison.libraries == ["openblas", "blis", "swift"])
        #expect(comparison.lines.count == 2)
        let sentences = comparison.sentences
        #expect(sentences.count == 2)
        #expect(sentences[0].hasPrefix("n = 1024, P × T = 1: openblas 1 thr is fastest, matched within CIs by blis 1 thr"))
        #expect(sentences[1].hasPrefix("n = 1024, P × T = 2: openblas 2 proc leads"))
        #expect(comparison.table.rows[1].last == "openblas 2 proc")
        #expect(comparison.compactTable.header == ["problem", "P×T", "openblas", "blis", "swift"])
        #expect(comparison.compactTable.rows[1] == ["n = 1024", "2", "2p 107.4±0.5%", "2t 71.6±3.3%", ""])
        // One library alone (plus Swift): no comparison, the report stays as it was.
        #expect(LibraryComparison(rows: rows.filter { $0.blasLibrary == "openblas" }).isEmpty)
    }
}
