import ResultRows
import Statistics
import Vocabulary

/// Everything a sweep measured for one configuration, pooled across rounds:
/// each round is one child process of the binary, and its timed runs join
/// `samples`.
struct PooledMeasurement {
    /// The first round's row: identity, split, dims, preset, BLAS core.
    private(set) var firstRow: ResultRow
    private(set) var samples: [Double] = []
    /// One entry per round that produced a row.
    private(set) var runs: [RoundRun] = []
    /// True once any round's product FAILed verification: never reported as a speed.
    private(set) var failed = false
    /// The largest residual any round reported (the verdict is judged on it).
    private(set) var worstResidual: Double
    /// The largest (weakest) detection limit any round's check reported.
    private(set) var worstDetectionLimit: Double?
    /// Each round's verification time, seconds.
    private(set) var checkSeconds: [Double] = []

    /// What one round of one configuration contributed.
    struct RoundRun {
        let round: Int
        let samples: [Double]
        /// Machine-wide CPU counters around the child (nil off Linux).
        let usage: RunUsage?
        /// The inter-core round trip (`CoreRoundTrip`) probed just before the
        /// child started, in nanoseconds; nil with one CPU or when not probed.
        var coreRoundTripNs: Double? = nil
    }

    init(first row: ResultRow, round: Int, usage: RunUsage?, coreRoundTripNs: Double? = nil) {
        firstRow = row
        worstResidual = row.residual
        add(row, round: round, usage: usage, coreRoundTripNs: coreRoundTripNs)
    }

    mutating func add(_ row: ResultRow, round: Int, usage: RunUsage?, coreRoundTripNs: Double? = nil) {
        let taken = row.samples ?? []
        samples += taken
        runs.append(RoundRun(round: round, samples: taken, usage: usage, coreRoundTripNs: coreRoundTripNs))
        if row.verdict != .pass { failed = true }
        if row.residual > worstResidual || row.residual.isNaN { worstResidual = row.residual }
        if let limit = row.detectionLimit, !(limit <= (worstDetectionLimit ?? -1)) { worstDetectionLimit = limit }
        if let seconds = row.checkSeconds { checkSeconds.append(seconds) }
    }

    /// Useful flops of one product: the child's gflops × median (2·m·k·n for gemm,
    /// the executed plan's flops for a chain).
    var flops: Double { firstRow.gflops * firstRow.medianSeconds * 1e9 }

    /// Steal time over all rounds, percent of all CPU time that passed during them.
    var stealPercent: Double? {
        let measured = runs.compactMap(\.usage)
        let total = measured.reduce(0) { $0 + $1.totalTicks }
        guard total > 0 else { return nil }
        return 100 * Double(measured.reduce(0) { $0 + $1.stealTicks }) / Double(total)
    }

    /// Each round's samples and probe, in the order the rounds ran.
    var roundSamples: [RoundSamples] {
        runs.map { RoundSamples(round: $0.round, samples: $0.samples, coreRoundTripNs: $0.coreRoundTripNs) }
    }
}

/// The machine around one child run: how much CPU time others (the hypervisor
/// and other processes) took while it ran.
struct RunUsage {
    let wallSeconds: Double
    let totalTicks: UInt64
    let stealTicks: UInt64
    /// CPU-seconds the whole machine was busy, minus those of the child and
    /// its workers, per second of wall time: cores' worth of other work.
    let otherLoad: Double

    var stealPercent: Double { totalTicks > 0 ? 100 * Double(stealTicks) / Double(totalTicks) : 0 }

    /// Usage between `before` and now, given the child tree's CPU seconds.
    static func since(_ before: CPUTimes?, wallSeconds: Double, childCPUSeconds: Double) -> RunUsage? {
        guard let before, let after = CPUTimes.now(), after.total >= before.total, wallSeconds > 0 else { return nil }
        let other = max(0, after.busySeconds(since: before) - childCPUSeconds) / wallSeconds
        return RunUsage(wallSeconds: wallSeconds, totalTicks: after.total - before.total,
                        stealTicks: after.steal &- before.steal, otherLoad: other)
    }
}
