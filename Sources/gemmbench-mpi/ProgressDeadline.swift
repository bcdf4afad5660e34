import DistributedProducts
import ProcessPool
import Vocabulary

/// How long a rank of a SUMMA or PDGEMM run may go without progress before
/// its watchdog ends the job (`--task-timeout S`; `--algorithm tiles` has
/// `ReplyTimeout` per task instead). Progress is a SUMMA panel step, a PDGEMM
/// call, a move between sub-grids, or entering a phase (setting up, the
/// verification, `--inputs`, `--output`, `MPI_Finalize`) — see `JobWatchdog`.
/// A rank waiting for a peer makes none, so the longest legitimate gap is one
/// repetition of the whole product or chain, which the default covers.
public enum ProgressDeadline: Sendable, Equatable {
    /// The same limit for every step.
    case seconds(Double)
    /// Long enough for one repetition at a pessimistic rate:
    ///
    ///     seconds = floorSeconds + safetyFactor · (F / R + 8·E / pessimisticBytesPerSecond)
    ///
    /// F: flops of one repetition (gemm 2·m·k·n; chain: every product of the
    /// plan), E: elements of the operands and results (chain: every factor and
    /// every product's result), R: `pessimisticBLASFlopsPerSecond` when the
    /// local product is BLAS (SUMMA's default kernel, PDGEMM), else
    /// `ReplyTimeout.pessimisticFlopsPerSecond` (a debug build's naive kernel).
    /// floorSeconds, safetyFactor and the byte rate are `ReplyTimeout`'s
    /// (10 s, 8, 10⁸ B/s). E.g. gemm n = 1500 with BLAS:
    /// 10 + 8 · (6.75 + 0.54) ≈ 68 s; n = 300: 10.6 s. Until the problem's
    /// size is known (before `--inputs` headers are read) the floor alone.
    case scaledToProblem

    /// One BLAS thread does ≥ 10 GFLOP/s on any x86-64 since Haswell (53.8
    /// measured here); 1 GFLOP/s for all ranks together leaves a factor 10 for
    /// ranks sharing cores and a loaded machine, before `safetyFactor`.
    public static let pessimisticBLASFlopsPerSecond = 1e9

    /// The limit in seconds for one repetition of `flops` over `elements` matrix entries.
    public func seconds(flops: Double, elements: Double, kernel: Kernel) -> Double {
        switch self {
        case .seconds(let seconds):
            return seconds
        case .scaledToProblem:
            let rate = kernel == .blas ? Self.pessimisticBLASFlopsPerSecond : ReplyTimeout.pessimisticFlopsPerSecond
            return ReplyTimeout.floorSeconds + ReplyTimeout.safetyFactor
                * (flops / rate + 8 * elements / ReplyTimeout.pessimisticBytesPerSecond)
        }
    }
}

extension JobWatchdog {
    /// From now on, no beat for `deadline`'s seconds (for one repetition of
    /// `flops` over `elements` matrix entries) ends the job.
    static func arm(_ deadline: ProgressDeadline, flops: Double, elements: Double, kernel: Kernel, step: Step) {
        arm(seconds: deadline.seconds(flops: flops, elements: elements, kernel: kernel),
            isDefault: deadline == .scaledToProblem, step: step)
    }
}
