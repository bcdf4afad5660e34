/// The bounds of the repeat rule, shared by the command line of both
/// executables (`--repeat`, `--warmup`, `--min-time`) and suite files
/// (`min_reps`, `min_seconds`): one statement of each limit
/// (docs/contracts.md, "Limits"). A value past a bound is refused, never
/// silently clamped.
public enum RepetitionLimits {
    /// At most this many timed runs may be asked for (`--repeat`, `min_reps`):
    /// room for a dispatch round trip's 2000 (Benchmarks/README.md), far from
    /// a count whose samples would not fit in memory.
    public static let maximumRepetitions = 10_000
    /// `--min-time` adds timed runs until its seconds are reached, but not past
    /// this many (or `--repeat`'s count, when larger): a 1 µs product under
    /// `--min-time 10` would otherwise run 10⁷ times.
    public static let minTimeRepetitionCap = 1000
    /// At most this many untimed warm-up runs (`--warmup`): page faults and
    /// lazy buffers settle within the first one or two.
    public static let maximumWarmups = 100
    /// At most this many seconds of timed runs (`--min-time`, a suite's
    /// `min_seconds`): an hour per configuration and round.
    public static let maximumMinSeconds = 3600.0
}
