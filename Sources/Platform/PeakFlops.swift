import CSupport

/// The double-precision peak of one core, measured: a loop of 12 independent
/// fused multiply-adds per trip on the widest vectors the CPU and OS support
/// (AVX-512 zmm, else AVX2 ymm, else SSE2 mul + add), timed in `trials` runs of
/// about `trialSeconds` each after one calibration run; the FASTEST trial counts,
/// because noise only ever slows a loop down and a peak is an upper bound.
///
///     peak = flops per trip × trips ÷ seconds of the fastest trial
///
/// It is what the core's FMA pipes deliver at the clock it runs now (turbo
/// included), not a datasheet figure; `pct_peak` divides by it (Hoefler & Belli,
/// SC15, rule 8: show upper bounds).
public struct PeakFlops: Sendable, Equatable {
    public let gflopsPerCore: Double
    /// `avx512-fma`, `avx2-fma` or `sse2`.
    public let method: String

    /// Many short trials rather than a few long ones: on a busy machine the
    /// scheduler preempts in slices of milliseconds, and a 1 ms trial often
    /// runs between two preemptions where a 20 ms one never does.
    public static let trials = 100
    public static let trialSeconds = 0.001

    /// One line for env.json and `info`: how the figure was obtained.
    public var howMeasured: String {
        "fastest of \(Self.trials) × \(Int(Self.trialSeconds * 1000)) ms runs of 12 independent \(method) chains on one core"
    }

    public static func measure(features: CPUFeatures = .current()) -> PeakFlops {
        let method: gb_peak_method = features.hasAVX512F ? GB_PEAK_AVX512_FMA
            : features.hasAVX2FMA ? GB_PEAK_AVX2_FMA : GB_PEAK_SSE2
        let name = features.hasAVX512F ? "avx512-fma" : features.hasAVX2FMA ? "avx2-fma" : "sse2"
        let flopsPerTrip = Double(gb_peak_flops_per_iteration(method))
        // Calibrate: time a short run, then size each trial to about trialSeconds.
        var trips: Int64 = 1 << 16
        var seconds = gb_peak_loop_seconds(method, trips)
        while seconds < 0.002 {
            trips *= 4
            seconds = gb_peak_loop_seconds(method, trips)
        }
        trips = max(1, Int64(Double(trips) * trialSeconds / seconds))
        var best = 0.0
        for _ in 0..<trials {
            let elapsed = gb_peak_loop_seconds(method, trips)
            if elapsed > 0 { best = max(best, flopsPerTrip * Double(trips) / elapsed) }
        }
        return PeakFlops(gflopsPerCore: best / 1e9, method: name)
    }
}
