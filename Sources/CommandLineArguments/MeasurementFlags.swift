import GemmCore
import Vocabulary

/// The flags every measuring command of both executables shares (gemmbench's
/// `gemm`/`chain`, gemmbench-mpi's `gemm`/`chain`): one reading, one set of errors.
extension ArgumentList {
    /// `--repeat R --min-time S --warmup W`: after W untimed runs (default 1), at
    /// least R timed runs (default 5) and at least S seconds of them (default 0),
    /// S adding runs only up to max(R, `RepetitionLimits.minTimeRepetitionCap`).
    /// R, W and S past their `RepetitionLimits` are usage errors.
    public mutating func repetitionPolicy() throws(UsageError) -> RepetitionPolicy {
        var policy = RepetitionPolicy(warmups: 1, minRepetitions: 5, minSeconds: 0)
        policy.minRepetitions = try integer("--repeat", minimum: 1) ?? 5
        policy.maxRepetitions = max(RepetitionLimits.minTimeRepetitionCap, policy.minRepetitions)
        guard policy.minRepetitions <= RepetitionLimits.maximumRepetitions else {
            throw UsageError("--repeat \(policy.minRepetitions) is more than \(RepetitionLimits.maximumRepetitions) timed runs")
        }
        policy.minSeconds = try decimal("--min-time") ?? 0
        guard policy.minSeconds <= RepetitionLimits.maximumMinSeconds else {
            throw UsageError("--min-time \(policy.minSeconds) is more than \(Int(RepetitionLimits.maximumMinSeconds)) seconds")
        }
        policy.warmups = try integer("--warmup", minimum: 0) ?? 1
        guard policy.warmups <= RepetitionLimits.maximumWarmups else {
            throw UsageError("--warmup \(policy.warmups) is more than \(RepetitionLimits.maximumWarmups) warm-up runs")
        }
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
