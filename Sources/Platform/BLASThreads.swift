import SystemBoundary

extension BLAS {
    /// OpenBLAS could not have started the threads asked for: exit 3, one line
    /// naming the limit (docs/contracts.md, "Limits").
    public struct ThreadsUnavailable: Error, CustomStringConvertible {
        public let threads: Int
        public let error: Errno
        public var description: String {
            let limit: String
            if let bytes = addressSpaceLimitBytes() {
                limit = "process or address-space limit reached (ulimit -u \(processLimit().map(String.init) ?? "unlimited"), "
                    + "ulimit -v \(bytes / 1024) KiB"
            } else {
                limit = "process limit reached (ulimit -u \(processLimit().map(String.init) ?? "unlimited")"
            }
            return "cannot start \(threads) OpenBLAS threads: \(limit); \(error.call): \(error.isProcessLimit ? "EAGAIN" : error.reason))"
        }
    }

    /// Sets `threads` after checking that the T − 1 threads OpenBLAS may add can
    /// start: OpenBLAS 0.3.21 grows its pool without checking pthread_create,
    /// and the next product then waits forever for a thread that never started
    /// (seen under `ulimit -u 1` with `--threads 2`). The check starts and
    /// joins T − 1 threads of its own, so it is conservative by the pool's size.
    public static func setThreads(_ count: Int) throws(ThreadsUnavailable) {
        if count > 1, let error = threadStartProblem(count: count - 1) {
            throw ThreadsUnavailable(threads: count, error: error)
        }
        threads = count
    }
}
