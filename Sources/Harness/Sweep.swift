import NumberFormatting
import ResultRows
import SystemBoundary
import Vocabulary

/// What `gemmbench sweep` needs.
public struct SweepOptions: Sendable {
    /// A suite name (looked up as Benchmarks/suites/NAME.suite, see `locateSuite`) or a path.
    public var suite: String
    /// Results go to `<outDirectory>/<runID>/`; `<outDirectory>/latest` points there.
    public var outDirectory: String
    /// The gemmbench binary that measures each configuration (the CLI passes its own executable).
    public var binary: String
    /// Defaults to the UTC start time, `20261125T193000Z`.
    public var runID: String?
    /// The seed of the rounds' shuffled order (`--seed`); nil draws a fresh one.
    /// Either way env.json records it as `order_seed`.
    public var orderSeed: UInt64?
    /// Given to every child before its command (the sweep's `--blas-core`).
    public var globalArguments: [String]
    /// Where `mpirun` is looked for (PATH's format); nil: this process's PATH.
    public var launcherSearchPath: String?
    /// Probe the inter-core round trip before each child (`CoreRoundTrip`); off
    /// only where a test needs a sweep that no far-placed round can lengthen.
    public var probesCoreRoundTrip = true

    public init(suite: String, outDirectory: String = "results", binary: String, runID: String? = nil,
                orderSeed: UInt64? = nil, globalArguments: [String] = []) {
        self.suite = suite
        self.outDirectory = outDirectory
        self.binary = binary
        self.runID = runID
        self.orderSeed = orderSeed
        self.globalArguments = globalArguments
    }
}

/// Runs a suite in rounds (`RoundRunner`): every configuration of `SweepPlan`,
/// references included, once per round in a freshly shuffled order, each run
/// in its own child process; then up to `max_extra_rounds` extra rounds for the
/// rows still noisy (`NoiseRule`) and their references. Writes raw.csv (one
/// row per configuration, samples pooled: `summarizeRows`), samples.csv,
/// speedup-gemm.csv, speedup-chain.csv and env.json into `<out>/<run-id>/`
/// (raw.csv and samples.csv after every round), points `<out>/latest` at it and
/// prints the tables and the rows that stayed noisy on stdout. Progress and
/// errors go to stderr.
///
/// env.json says whether the run is complete (`RunCompleteness`): it is written
/// first as incomplete and marked complete only at the end, when every
/// configuration has its row, so a sweep stopped by a signal or a crash leaves
/// a folder that says so and `baseline` refuses.
///
/// Returns the exit status: 0 every configuration PASSed; 1 a product FAILed
/// verification, a child crashed/timed out/printed no row (recorded, the sweep
/// goes on), or results could not be written; 2 the suite is missing or malformed,
/// or it has an `[mpi]` or `[mpi-chain]` grid and gemmbench-mpi is not beside the
/// binary or `mpirun` is not on PATH; 3 a write to stdout or stderr failed (the
/// reader is gone: the sweep stops before its next child, marks the run incomplete and ends).
/// Noisy rows are flagged, never an error.
public func runSweep(_ options: SweepOptions) -> ExitCode {
    let setup: SweepSetup
    do {
        setup = try SweepSetup.prepare(options)
    } catch {
        reportError(error.message)
        return error.status
    }
    var session = SweepSession(setup)
    if let stopped = session.runRounds() { return stopped }
    return session.finish()
}

/// The configurations an extra round measures again: rows still noisy
/// (`NoiseRule`), and rows with a round measured far (`FarPlacementRule`),
/// theirs or their reference's, until they have `plannedRounds` near rounds:
/// the far rounds are replaced, not merely dropped.
func rowsToRemeasure(_ rows: [ResultRow], pools: [BenchConfiguration: PooledMeasurement],
                     farRule: FarPlacementRule, plannedRounds: Int) -> [BenchConfiguration] {
    func shortOfNearRounds(_ configuration: BenchConfiguration) -> Bool {
        let rounds = pools[configuration]?.roundSamples ?? []
        return farRule.anyFar(rounds) && rounds.filter { !farRule.isFar($0.coreRoundTripNs) }.count < plannedRounds
    }
    return rows.compactMap { row -> BenchConfiguration? in
        guard let configuration = BenchConfiguration(row: row) else { return nil }
        if row.noisy == true || shortOfNearRounds(configuration) || shortOfNearRounds(configuration.reference) {
            return configuration
        }
        return nil
    }
}

/// The rows a reader should not trust, and why; empty when there are none.
func renderNoisyRows(_ rows: [ResultRow], rule: NoiseRule, extraRounds: Int) -> String {
    guard !rows.isEmpty else { return "" }
    var text = "\nnoisy after \(extraRounds) extra round(s) (CI half-width > \(formatFixed(rule.ciFraction * 100, decimals: 1))% "
        + "of the median,\nor gemm efficiency > \(formatFixed(rule.efficiencyLimit, decimals: 2))); treat these figures with care:\n"
    for row in rows {
        guard let configuration = BenchConfiguration(row: row) else { continue }
        var reasons: [String] = []
        if let low = row.ciLowSeconds, let high = row.ciHighSeconds, row.medianSeconds > 0 {
            reasons.append("CI ±\(formatFixed(50 * (high - low) / row.medianSeconds, decimals: 1))% of the median")
        } else {
            reasons.append("no CI (\(row.reps) samples)")
        }
        if let efficiency = row.efficiency, row.op == .gemm, efficiency > rule.efficiencyLimit {
            reasons.append("efficiency \(formatFixed(efficiency, decimals: 3))")
        }
        if let steal = row.stealPercent, steal >= 1 { reasons.append("steal \(formatFixed(steal, decimals: 1))%") }
        text += "  \(configuration.key): \(reasons.joined(separator: ", "))\n"
    }
    return text
}

/// Creates `<out>/<runID>` (and `out`), adding `-2`, `-3`, … if a run with that
/// id already exists (two sweeps started in the same second).
func makeRunDirectory(in out: String, runID: String) throws(HarnessError) -> String {
    try makeDirectories(out)
    var candidate = joinPath(out, runID)
    var attempt = 1
    while !(try makeNewDirectory(candidate)) {
        attempt += 1
        guard attempt < 100 else { throw HarnessError("cannot create a new run directory for \(runID) in \(out)") }
        candidate = joinPath(out, "\(runID)-\(attempt)")
    }
    return candidate
}

func lastPathComponent(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}
