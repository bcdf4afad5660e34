import ResultRows
import Testing
import Vocabulary
@testable import Harness

@Suite("Verification summary")
struct VerificationSummaryTests {
    static func row(_ op: Op, n: Int? = nil, preset: String? = nil, median: Double, check: Double?, limit: Double?) -> ResultRow {
        var row = ResultRow(op: op, m: n, k: n, n: n, workers: 2, threads: 1, reps: 3, medianSeconds: median,
                            minSeconds: median, maxSeconds: median, gflops: 1, residual: 0.1, verdict: .pass,
                            blasCore: "Haswell", preset: preset)
        row.checkSeconds = check
        row.detectionLimit = limit
        return row
    }

    @Test("the weakest limit, and the check's share of the product time for large gemm and each preset")
    func summary() {
        let rows = [Self.row(.gemm, n: 256, median: 0.001, check: 0.001, limit: 2e-12),
                    Self.row(.gemm, n: 1024, median: 0.02, check: 0.0004, limit: 1e-11),
                    Self.row(.gemm, n: 2048, median: 0.1, check: 0.003, limit: 3e-11),
                    Self.row(.chain, preset: "square", median: 0.2, check: 0.01, limit: 5e-11)]
        let text = renderVerificationSummary(rows)
        #expect(text.contains("≥ 5.0e-11·max|Y|"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 100 })
        // 0.0004/0.02 = 2.0 %, 0.003/0.1 = 3.0 %; n = 256 is left out.
        #expect(text.contains("gemm n ≥ 1024: 3.0% median, 3.0% at most (2 rows)"))
        #expect(text.contains("chain square: 5.0% median, 5.0% at most (1 rows)"))
    }

    @Test("rows without check_s print nothing")
    func olderRows() {
        #expect(renderVerificationSummary([Self.row(.gemm, n: 1024, median: 0.02, check: nil, limit: nil)]).isEmpty)
    }
}
