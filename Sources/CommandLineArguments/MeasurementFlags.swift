import GemmCore

/// The flags every measuring command of both executables shares (gemmbench's
/// `gemm`/`chain`, gemmbench-mpi's `gemm`/`chain`): one reading, one set of errors.
extension ArgumentList {
    /// `--repeat R --min-time S --warmup W`: after W untimed runs (default 1), at
    /// least R timed runs (default 5) and at least S seconds of them (default 0).
    public mutating func repetitionPolicy() throws(UsageError) -> RepetitionPolicy {
        var policy = RepetitionPolicy(warmups: 1, minRepetitions: 5, minSeconds: 0)
        policy.minRepetitions = try integer("--repeat", minimum: 1) ?? 5
        policy.maxRepetitions = max(policy.maxRepetitions, policy.minRepetitions)
        policy.minSeconds = try decimal("--min-time") ?? 0
        policy.warmups = try integer("--warmup", minimum: 0) ?? 1
        return policy
    }

    /// `--csv`, and `--samples` (every timed run in a last column `samples_s`),
    /// which only makes sense with `--csv`.
    public mutating func csvOutput() throws(UsageError) -> (csv: Bool, samples: Bool) {
        let csv = try flag("--csv")
        let samples = try flag("--samples")
        if samples && !csv { throw UsageError("--samples needs --csv") }
        return (csv, samples)
    }
}
