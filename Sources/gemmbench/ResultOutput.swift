import GemmCore
import NumberFormatting
import ResultRows
import Statistics
import Platform

/// How `gemm` and `chain` finish: the row (CSV) or the report (text) on stdout,
/// then a failed verification becomes exit status 1 — after the row is out,
/// so a wrong answer is visible but never passes as a speed.
func emit(row: ResultRow, report: String, options: MeasurementOptions, verification: Verification.Outcome,
          note: String = "") throws {
    writeAll(options.csv ? ResultRow.csvDocument([row], includeSamples: options.samples) : report, to: 1)
    if !verification.passed {
        throw VerificationFailed(description:
            "verification FAILED: scaled residual \(verification.residual) ≥ \(Verification.threshold)" + note)
    }
}

extension ResultRow {
    /// What one run knows about its own uncertainty: its samples, their 95 % CI
    /// of the median (empty below 6 samples), whether that CI is wider than
    /// `NoiseRule`'s default allows, and the steal time since `cpuBefore`.
    /// Speedup, efficiency and percent of peak need a sweep and stay empty.
    mutating func addSingleRunStatistics(_ stats: TimingStats, cpuBefore: CPUTimes?) {
        rounds = 1
        samples = stats.samples
        if let interval = MedianInterval.interval(stats.samples) {
            ciLowSeconds = interval.lowerBound
            ciHighSeconds = interval.upperBound
        }
        noisy = NoiseRule().isNoisy(self)
        if let cpuBefore, let now = CPUTimes.now() { stealPercent = now.stealPercent(since: cpuBefore) }
    }
}

/// The report lines every measured product shares: repetitions and times with
/// the median's 95 % CI, then the verdict beside the residual it was judged on
/// and the BLAS core that ran.
func measurementLines(_ row: ResultRow, verification: Verification.Outcome) -> [String] {
    let interval = row.ciLowSeconds.flatMap { low in row.ciHighSeconds.map { "  95% CI [\(seconds(low)), \(seconds($0))]" } }
        ?? "  (95% CI needs \(MedianInterval.minimumSamples) reps)"
    let noise = row.noisy == true ? "  NOISY" : ""
    return ["  reps \(row.reps)  median \(seconds(row.medianSeconds))\(interval)\(noise)  min \(seconds(row.minSeconds))  max \(seconds(row.maxSeconds))  \(formatFixed(row.gflops, decimals: 2)) GFLOP/s"]
        + verification.reportLines(blasCore: coreText(row), productSeconds: row.medianSeconds)
}

/// The core, and with `--blas` the library and version beside it: "zen3, blis 0.9.0".
private func coreText(_ row: ResultRow) -> String {
    guard BLAS.library != nil, let library = row.blasLibrary else { return row.blasCore }
    return "\(row.blasCore), \(library) \(row.blasVersion ?? "unknown")"
}

extension ResultRow {
    /// Fills `blas_library` and `blas_version` from the BLAS in use in this process.
    mutating func recordBLASLibrary() {
        blasLibrary = BLAS.libraryName
        blasVersion = BLAS.version
    }
}

/// The pool's start-up time, reported apart because it is not in the timings.
func startupLines(_ startupSeconds: Double?) -> [String] {
    startupSeconds.map { ["  worker pool start-up \(seconds($0)) (not in the timings)"] } ?? []
}
