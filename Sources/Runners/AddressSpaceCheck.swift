import SystemBoundary

/// What gemmbench promises under `ulimit -v` (RLIMIT_AS; docs/contracts.md,
/// "Limits"): a run whose estimated address space does not fit the limit is
/// refused before any work, with exit 2 and one line; it never starts only to
/// abort in an allocation or leave workers spinning in OpenBLAS's allocator.
///
/// The limit holds for each process on its own, and every worker inherits it,
/// so the estimate is per process:
///
///     needed = mapped operand bytes + runtimeBytes + blasBufferBytes × threads
///
/// with the mapped bytes those of the largest process (the arena, which every
/// process maps, or the coordinator's matrices plus the message transport's
/// copies). Measured with a debug build on the 2-core machine (the smallest
/// `ulimit -v` that ran, by bisection, --repeat 1): one process needs 331 MiB
/// plus its operands at n = 512–2048, each worker about 200 MiB plus the arena.
/// The 128 MiB per BLAS thread is OpenBLAS's BUFFER_SIZE on x86_64, which each
/// thread that packs panels maps; the rest is the Swift runtime, the libraries
/// and the thread stacks, rounded up.
public enum AddressSpaceCheck {
    public static let runtimeBytes = 256 << 20
    public static let blasBufferBytes = 128 << 20

    /// The limit was set and this run does not fit under it.
    public struct TooSmall: Error, CustomStringConvertible {
        public let limit: Int, needed: Int, mappedBytes: Int, threads: Int
        public var description: String {
            "the address-space limit (ulimit -v \(limit / 1024) KiB) is below the \(needed / 1024) KiB this run needs in "
                + "each process: \(mappedBytes / 1024) KiB of matrices plus \((needed - mappedBytes) / 1024) KiB for the "
                + "runtime and OpenBLAS's buffers (\(threads) thread(s)); raise it with ulimit -v or run a smaller problem"
        }
    }

    /// Throws `TooSmall` when `limit` (default: this process's RLIMIT_AS; nil is
    /// unlimited) is below the estimate for `mappedBytes` and `threads` BLAS threads per process.
    public static func check(mappedBytes: Int, threads: Int, limit: Int? = addressSpaceLimitBytes()) throws(TooSmall) {
        guard let limit else { return }
        let (buffers, overflow) = blasBufferBytes.multipliedReportingOverflow(by: max(threads, 1))
        let (fixed, overflowAgain) = runtimeBytes.addingReportingOverflow(buffers)
        let (needed, overflowThird) = fixed.addingReportingOverflow(max(mappedBytes, 0))
        let total = overflow || overflowAgain || overflowThird ? Int.max : needed
        guard total > limit else { return }
        throw TooSmall(limit: limit, needed: total, mappedBytes: mappedBytes, threads: max(threads, 1))
    }
}
