import GemmCore
import Harness

/// How `gemm` and `chain` finish: the row (CSV) or the report (text) on stdout,
/// then a failed verification becomes exit status 1 — after the row is out,
/// so a wrong answer is visible but never passes as a speed.
func emit(row: ResultRow, report: String, csv: Bool, verification: Verification.Outcome,
          note: String = "") throws {
    writeAll(csv ? ResultRow.csvDocument([row]) : report, to: 1)
    if !verification.passed {
        throw VerificationFailed(description:
            "verification FAILED: scaled residual \(verification.residual) ≥ \(Verification.threshold)" + note)
    }
}

/// The report lines every measured product shares: repetitions and times, then
/// the verdict beside the residual it was judged on and the BLAS core that ran.
func measurementLines(_ stats: TimingStats, gflops: Double, verification: Verification.Outcome,
                      blasCore: String) -> [String] {
    ["  reps \(stats.samples.count)  median \(seconds(stats.median))  min \(seconds(stats.min))  max \(seconds(stats.max))  \(fixed(gflops, 2)) GFLOP/s",
     "  residual \(verification.residual) (threshold \(Int(Verification.threshold)))  \(verification.verdict)  blas core \(blasCore)"]
}

/// The pool's start-up time, reported apart because it is not in the timings.
func startupLines(_ startupSeconds: Double?) -> [String] {
    startupSeconds.map { ["  worker pool start-up \(seconds($0)) (not in the timings)"] } ?? []
}
