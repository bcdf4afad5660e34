import NumberFormatting
import Statistics
import Vocabulary

/// What turns pooled samples into the figures of a row.
struct SummaryContext {
    /// `peak_gflops_per_core` from the binary's `info` (nil: `pct_peak` stays empty).
    var peakGflopsPerCore: Double?
    /// Cores of the machine: a run cannot use more than these, however many processes it starts.
    let cores: Int
    let noiseRule: NoiseRule
}

/// One raw.csv row per configuration that produced samples, in `configurations` order:
///
/// - `median_s`, `min_s`, `max_s` over ALL pooled samples; `reps` = their number;
///   `rounds` = the rounds that contributed;
/// - `ci_lo_s`, `ci_hi_s`: `MedianInterval` (95 %, order statistics) of those samples;
/// - `gflops` = useful flops ÷ median_s ÷ 1e9;
/// - `speedup` = median(reference samples) ÷ median(samples), 4 decimals, and
///   `speedup_lo`, `speedup_hi`: `RatioInterval` (95 %, percentile bootstrap,
///   2000 resamples, fixed seed); a reference's own speedup is exactly 1;
/// - `efficiency` = speedup ÷ (max(workers, 1) × threads);
/// - `pct_peak` = 100 × gflops ÷ (peak per core × min(max(workers, 1) × threads, cores));
/// - `noisy` per `NoiseRule`; a row without a CI counts as noisy;
/// - `steal_pct`: steal time over all its rounds;
/// - `core_rt_ns`: median over its samples of the inter-core round trip probed
///   before each one's child (`PooledMeasurement.coreRoundTripNs`), 1 decimal;
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
        let sorted = pool.samples.sorted()
        let middle = median(sorted) ?? 0
        row.reps = sorted.count
        row.rounds = Set(pool.runs.map(\.round)).count
        row.medianSeconds = middle
        row.minSeconds = sorted.first ?? 0
        row.maxSeconds = sorted.last ?? 0
        row.gflops = middle > 0 ? pool.flops / middle / 1e9 : 0
        let interval = MedianInterval.interval(sorted)
        row.ciLowSeconds = interval?.lowerBound
        row.ciHighSeconds = interval?.upperBound
        row.verdict = Verdict(passed: !pool.failed)
        row.residual = pool.worstResidual
        row.detectionLimit = pool.worstDetectionLimit
        row.checkSeconds = median(pool.checkSeconds.sorted())
        row.stealPercent = pool.stealPercent.map { rounded($0, decimals: 2) }
        row.coreRoundTripNs = pool.coreRoundTripNs.map { rounded($0, decimals: 1) }
        row.samples = nil
        row.speedup = nil; row.speedupLow = nil; row.speedupHigh = nil; row.efficiency = nil

        // The row's own workers and threads: for `--workers auto`, what it chose.
        let used = max(pool.firstRow.workers, 1) * max(pool.firstRow.threads, 1)
        if let peak = context.peakGflopsPerCore, peak > 0, !pool.failed {
            row.percentOfPeak = rounded(100 * row.gflops / (peak * Double(min(used, max(context.cores, 1)))), decimals: 2)
        }
        if !pool.failed, middle > 0, let reference = pools[configuration.reference], !reference.failed,
           let referenceMedian = median(reference.samples) {
            if configuration.isReference {
                row.speedup = 1; row.speedupLow = 1; row.speedupHigh = 1
            } else {
                row.speedup = rounded(referenceMedian / middle, decimals: 4)
                if let ratio = RatioInterval.ofMedians(reference: reference.samples, measured: pool.samples) {
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
