import CSupport

/// The inter-core round trip: nanoseconds for one cache line to travel from
/// one CPU to another and back, bounced between two threads pinned to the
/// first two CPUs this process may use (`gb_core_round_trip_ns`).
///
///     round trip = median over `probes` probes of (seconds of `trips` trips ÷ trips)
///
/// On a VM the hypervisor may place two vCPUs on distant physical cores for
/// tens of seconds at a time: the round trip then reads ~400–600 ns instead of
/// ~130–200 ns, and two OpenBLAS threads sharing cache lines slow down by a
/// third while separate worker processes do not. The sweep records it beside
/// every child run so such a figure can be told from a regression.
public enum CoreRoundTrip {
    /// Round trips per probe: 10 000 × ~200 ns ≈ 2 ms on near cores, ≈ 6 ms on
    /// far ones; enough that a single preemption barely moves the median.
    public static let trips: Int32 = 10_000
    /// Probes per measurement; the median of three ignores one preempted probe.
    public static let probes = 3
    /// A probe taking longer than this gives up and is left out of the median:
    /// 10 000 trips at 2 µs, over 3× the slowest placement seen (~600 ns), so
    /// only a probe whose threads were preempted (another process wanted the
    /// CPU) reaches it. It also bounds the probe's cost per child on a busy
    /// machine: at most `probes` × 20 ms (measured: 5–8 ms quiet, up to 165 ms
    /// with a 100 ms limit while `make test` ran beside it).
    public static let probeLimitNanoseconds: Int64 = 20_000_000

    /// The round trip in nanoseconds, or nil when this process may use fewer
    /// than two CPUs or every probe failed (gave up at `probeLimitNanoseconds`).
    public static func measure() -> Double? {
        guard let pair = firstTwoAllowedCPUs() else { return nil }
        var results: [Double] = []
        for _ in 0..<probes {
            let nanoseconds = gb_core_round_trip_ns(pair.0, pair.1, trips, probeLimitNanoseconds)
            if nanoseconds > 0, nanoseconds.isFinite { results.append(nanoseconds) }
        }
        guard !results.isEmpty else { return nil }
        results.sort()
        return results[results.count / 2]
    }

    /// The two lowest-numbered CPUs in this thread's affinity mask, or nil with fewer than two.
    public static func firstTwoAllowedCPUs() -> (Int32, Int32)? {
        guard let cpus = try? affinity(), cpus.count >= 2 else { return nil }
        return (Int32(cpus[0]), Int32(cpus[1]))
    }
}
