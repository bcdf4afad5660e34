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
