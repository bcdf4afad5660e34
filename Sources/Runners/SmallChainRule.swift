import ChainPlanning

/// When the `parallel` planner runs a chain in one process instead of on the
/// workers: a chain so small that even the best schedule on P workers — its
/// estimated makespan, dispatch round trips included — is no faster than
/// running the flop-optimal order in one process on one thread with no
/// dispatch at all:
///
///     makespan(parallel plan on P workers) ≥ Σ compute seconds(optimal plan's steps)
///
/// Then the chain runs in this process with P × T BLAS threads (OpenBLAS
/// itself decides whether a product is big enough to share), and the report
/// says so. Measured on 2 cores: `chain --dims 8,8,8,8,8` took 21 µs on 2
/// workers and 3.9 µs in one process (numpy.multi_dot: 11 µs).
public struct SmallChainRule: Sendable {
    /// Why it runs in one process, for the report.
    public let reason: String
    /// The plan it runs instead: the flop-optimal order, no splits.
    public let plan: ChainPlan
    /// BLAS threads for the one process.
    public let threads: Int

    /// nil when the workers are expected to gain.
    public static func decide(pooled: ChainPlan, dims: [Int], workers: Int, threads: Int,
                              cost: CostModel) throws -> SmallChainRule? {
        guard workers > 0 else { return nil }
        let oneProcess = try makePlan(dims: dims, planner: .optimal, workers: 0, cost: cost)
        let serial = oneProcess.steps.reduce(0) { $0 + cost.computeSeconds(m: $1.m, k: $1.k, n: $1.n) }
        guard pooled.estimatedSeconds >= serial else { return nil }
        let total = workers * threads
        return SmallChainRule(
            reason: "too small to gain from \(workers) workers (estimated \(microseconds(pooled.estimatedSeconds)) on them, "
                + "\(microseconds(serial)) in one process on one thread): runs in one process with \(total) BLAS thread\(total == 1 ? "" : "s")",
            plan: oneProcess, threads: total)
    }

    private static func microseconds(_ seconds: Double) -> String {
        seconds < 1e-3 ? "\(Int((seconds * 1e6).rounded())) µs" : "\(Int((seconds * 1e3).rounded())) ms"
    }
}
