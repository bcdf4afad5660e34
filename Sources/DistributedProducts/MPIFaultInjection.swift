import CheckKernels
import GemmCore
import Glibc
import NumpyIO
import SystemBoundary
import Platform
import MPIWrapper

/// Test hooks for gemmbench-mpi, read from `GEMMBENCH_FAULT` like GemmCore's
/// `FaultInjection` (whose `corrupt-result` gemmbench-mpi honours too).
public enum MPIFaultInjection: String, Sendable {
    case none
    /// The job's last rank kills itself with SIGKILL in the second timed product
    /// (`--algorithm tiles`: as its third task arrives): a rank that dies
    /// mid-run, as an OOM kill or a node crash would.
    case killRank = "kill-rank"
    /// `--output`: the job's last rank kills itself with SIGKILL after rank 0
    /// has created the temporary, before writing its block.
    case killRankWhileWriting = "kill-rank-writing"
    /// `--output`: the job's last rank's `pwrite` of its block fails with EIO.
    case failOutputWrite = "fail-output-write"
    /// `--inputs`: the job's last rank fails to read its blocks (as on EIO),
    /// after every rank has read and agreed on the headers.
    case failInputRead = "fail-input-read"
    /// SUMMA and PDGEMM (gemm and chain): the job's last rank stops itself with
    /// SIGSTOP in the second timed product, where `kill-rank` would die: a rank
    /// that neither answers nor dies, which the other ranks' watchdogs must
    /// notice by the deadline (`--task-timeout`, `JobWatchdog`).
    case stopRank = "stop-rank"
    /// `--algorithm tiles`: the job's last rank stops answering (sleeps until
    /// killed) as its third task arrives: a rank that hangs, which rank 0 must
    /// notice by the task's deadline (`--task-timeout`).
    case hangRank = "hang-rank"

    static let current: MPIFaultInjection = {
        guard let value = ProcessEnvironment()["GEMMBENCH_FAULT"] else { return .none }
        return MPIFaultInjection(rawValue: value) ?? .none
    }()

    /// Applies `kill-rank` or `stop-rank` when this is the last rank's `product`-th product (warm-up included).
    public static func failRankIfRequested(rank: Int, size: Int, product: Int) {
        guard current == .killRank || current == .stopRank, size > 1, rank == size - 1, product == killedProduct else { return }
        (current == .killRank ? Signal.kill : Signal.stop).raise()
    }

    /// Applies `hang-rank` when this is the last rank's `task`-th task.
    public static func hangIfRequested(rank: Int, size: Int, task: Int) {
        guard current == .hangRank, size > 1, rank == size - 1, task == killedProduct else { return }
        sleepForever()
    }

    /// `corrupt-result` on a result spread over ranks: the rank holding the picked
    /// entry (global (0, 0) for the plain form) changes it, by 1 or by REL times
    /// the largest |entry| over all ranks. Collective on `world`.
    public static func corruptResultIfRequested(_ blocks: [DistributedBlock], rows: Int, cols: Int,
                                         world: Communicator) throws(MPIError) {
        guard FaultInjection.current == .corruptResult, rows > 0, cols > 0 else { return }
        let corruption = FaultInjection.relativeCorruption
        var change = 1.0
        if let corruption {
            var largest = 0.0
            for block in blocks {
                // Row-major blocks (SUMMA) or ScaLAPACK's column-major ones, read as their transpose.
                let (rows, cols, stride) = block.colStride == 1 ? (block.rows, block.cols, block.rowStride)
                                                                 : (block.cols, block.rows, block.colStride)
                largest = max(largest, largestMagnitude(base: block.base, rows: rows, cols: cols, rowStride: stride))
            }
            change = corruption.relative * (try world.allReduce(largest, .max))
        }
        let (row, col) = corruption?.position(rows: rows, cols: cols) ?? (0, 0)
        for block in blocks where (block.rowStart..<(block.rowStart + block.rows)).contains(row)
            && (block.colStart..<(block.colStart + block.cols)).contains(col) {
            block[row - block.rowStart, col - block.colStart] += change
            return
        }
    }

    /// The warm-up and one timed product complete first.
    static let killedProduct = 3

    /// Applies `kill-rank-writing` on the last rank (of more than one).
    static func killWhileWritingIfRequested(rank: Int, size: Int) {
        guard current == .killRankWhileWriting, size > 1, rank == size - 1 else { return }
        Signal.kill.raise()
    }

    /// `live`, or under `fail-output-write` on the last rank, `live` with a `pwrite` that fails with EIO.
    static func outputOperations(rank: Int, size: Int, live: FileOperations) -> FileOperations {
        guard current == .failOutputWrite, rank == size - 1 else { return live }
        var failing = live
        failing.writeAt = { _, _, _, _ in .failure(Errno("write", code: EIO)) }
        return failing
    }

    /// Under `fail-input-read` on the last rank: the error reading `path`'s data would give on EIO.
    static func inputReadFailure(rank: Int, size: Int, path: String) -> NpyError? {
        guard current == .failInputRead, rank == size - 1 else { return nil }
        return NpyError(.io, path: path, "cannot read data: \(Errno("read", code: EIO).message)")
    }
}
