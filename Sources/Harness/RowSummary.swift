import NumberFormatting
import ResultRows
import Statistics
import Vocabulary

/// What turns pooled samples into the figures of a row.
struct SummaryContext {
    /// `peak_gflops_per_core` from the binary's `info` (nil: `pct_peak` stays empty).
    var peakGflopsPerCore: Double?
    /// Cores of the machine: a run cannot use more than these, however many processes it starts.
    let cores: Int
    let noiseRule: NoiseRule
    /// Which rounds were measured with the vCPUs far apart (from this run's probes).
    var farRule = FarPlacementRule(thresholdNs: nil)
}

/// One raw.csv row per configuration that produced samples, in `configurations` order:
///
/// - the figure's rounds: those measured with the vCPUs near (`FarPlacementRule`,
///   judged against this run's own probes) when at least 3 are, else all rounds;
/// - `median_s`, `min_s`, `max_s` over the samples of those rounds; `reps` = their
///   number; `rounds` = how many rounds contributed;
/// - `ci_lo_s`, `ci_hi_s`: `RoundInterval.ofMedian` (95 %, Student t over the
///   rounds' medians, never narrower than the order-statistics interval);
/// - `gflops` = useful flops ÷ median_s ÷ 1e9;
/// - `speedup` = median(reference samples) ÷ median(samples), 4 decimals, and
///   `speedup_lo`, `speedup_hi`: `RoundInterval.ofSpeedup` (95 %, Student t over
///   the per-round ratios, rounds paired by number, never narrower than the
///   pooled percentile bootstrap); a reference's own speedup is exactly 1;
/// - `efficiency` = speedup ÷ (max(workers, 1) × threads);
/// - `pct_peak` = 100 × gflops ÷ (peak per core × min(max(workers, 1) × threads, cores));
/// - `noisy` per `NoiseRule`; a row without a CI counts as noisy;
/// - `steal_pct`: steal time over all its rounds;
/// - `core_rt_ns`: median over its samples of the inter-core round trip probed
///   before each of its figure's rounds, 1 decimal;
/// - `detect_rel`: the weakest detection limit of its rounds' checks; `check_s`:
///   the median of their verification times.
///
/// A configuration that FAILed verification in any round is `FAIL` with the
/// worst residual seen and no speedup, efficiency or speed claim derived from it;
/// so is every row whose reference FAILed or is missing (no speedup).
func summarizeRows(_ configurations: [BenchConfiguration], pools: [BenchConfiguration: PooledMeasurement],
                   context: SummaryContext) -> [ResultRow] {
    configurations.compactMap { configuration -> ResultRow? in
        guard let pool = pools[configuration] else { return nil }
        var row = pool.firstRow
        let rounds = context.farRule.figureRounds(pool.roundSamples)
        let sorted = rounds.flatMap(\.samples).sorted()
        let middle = median(sorted) ?? 0
        row.reps = sorted.count
        row.rounds = Set(rounds.map(\.round)).count
        row.medianSeconds = middle
        row.minSeconds = sorted.first ?? 0
        row.maxSeconds = sorted.last ?? 0
        row.gflops = middle > 0 ? pool.flops / middle / 1e9 : 0
        let interval = RoundInterval.ofMedian(rounds: rounds.map(\.samples))
        row.ciLowSeconds = interval?.lowerBound
        row.ciHighSeconds = interval?.upperBound
        row.verdict = Verdict(passed: !pool.failed)
        row.residual = pool.worstResidual
        row.detectionLimit = pool.worstDetectionLimit
        row.checkSeconds = median(pool.checkSeconds.sorted())
        row.stealPercent = pool.stealPercent.map { rounded($0, decimals: 2) }
        row.coreRoundTripNs = rounds.coreRoundTripNs.map { rounded($0, decimals: 1) }
        row.samples = nil
        row.speedup = nil; row.speedupLow = nil; row.speedupHigh = nil; row.efficiency = nil

        // The row's own workers and threads: for `--workers auto`, what it chose.
        let used = max(pool.firstRow.workers, 1) * max(pool.firstRow.threads, 1)
        if let peak = context.peakGflopsPerCore, peak > 0, !pool.failed {
            row.percentOfPeak = rounded(100 * row.gflops / (peak * Double(min(used, max(context.cores, 1)))), decimals: 2)
        }
        if !pool.failed, middle > 0, let reference = pools[configuration.reference], !reference.failed,
           let figure = speedupFigure(reference: context.farRule.figureRounds(reference.roundSamples), measured: rounds) {
            if configuration.isReference {
                row.speedup = 1; row.speedupLow = 1; row.speedupHigh = 1
            } else {
                row.speedup = rounded(figure.speedup, decimals: 4)
                if let ratio = figure.interval {
                    row.speedupLow = rounded(ratio.lowerBound, decimals: 4)
                    row.speedupHigh = rounded(ratio.upperBound, decimals: 4)
                }
            }
            row.efficiency = rounded(row.speedup! / Double(used), decimals: 4)
        }
        row.noisy = context.noiseRule.isNoisy(row) ?? true
        return row
    }
}
