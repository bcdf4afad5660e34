/// The bounds of the repeat rule, shared by the command line of both
/// executables (`--repeat`, `--warmup`, `--min-time`) and suite files
/// (`min_reps`, `min_seconds`): one statement of each limit
/// (docs/contracts.md, "Limits"). A value past a bound is refused, never
/// silently clamped.
public enum RepetitionLimits {
    /// At most this many timed runs: `--repeat` may not ask for more, and
    /// `--min-time` stops adding runs here even when its seconds are not yet
    /// reached (a 1 µs product under `--min-time 10` would otherwise run 10⁷
    /// times and keep every sample).
    public static let maximumRepetitions = 1000
    /// At most this many untimed warm-up runs (`--warmup`): page faults and
    /// lazy buffers settle within the first one or two.
    public static let maximumWarmups = 100
    /// At most this many seconds of timed runs (`--min-time`, a suite's
    /// `min_seconds`): an hour per configuration and round.
    public static let maximumMinSeconds = 3600.0
}
