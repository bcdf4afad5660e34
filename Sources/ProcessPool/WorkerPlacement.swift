/// Where workers may run (`--bind`).
public enum Binding: String, CaseIterable, Sendable {
    /// No pinning: the kernel places and moves every process.
    case none
    /// Each worker pinned to its own T logical CPUs (T = its BLAS threads).
    case cores
    /// Each worker pinned to every CPU of one socket, workers dealt round-robin over sockets.
    case sockets

    /// Measured on the 2-core machine class (see Benchmarks/README.md,
    /// "Placement"): pinning keeps a tiny task's worker off the coordinator's
    /// CPU and never lost at n = 1024–2048.
    public static let standard = Binding.cores
}

/// Which CPUs each worker gets under a `Binding`.
///
/// The CPUs are those this process may use (its own affinity, so `taskset`
/// and cgroup cpusets are honoured), in increasing order.
/// - `cores`: worker i gets CPUs[(i·T + j) mod C] for j in 0..<T, C = the CPU
///   count: its own T CPUs while P·T ≤ C; beyond that the list wraps round
///   and workers share CPUs (never fewer than T each).
/// - `sockets`: worker i gets every usable CPU of socket (i mod S), S = sockets.
/// The coordinator (its dispatching thread) is pinned to the usable CPUs no
/// worker got, when there are any, so a tiny task's round trip never waits for
/// the worker and the coordinator to take turns on one CPU; when the workers
/// take every CPU it is not pinned (it sleeps on its doorbell while tasks run).
public enum WorkerPlacement {
    /// The usable CPUs left over by `workerSets`; nil when none are.
    public static func coordinatorCPUs(usable: [Int], workerSets: [[Int]]) -> [Int]? {
        let taken = Set(workerSets.joined())
        let left = usable.sorted().filter { !taken.contains($0) }
        return left.isEmpty ? nil : left
    }

    /// One CPU list per worker, or nil for `.none` (or when no CPU is known).
    /// - Parameter socketOf: the socket (physical package) of a CPU.
    public static func cpuSets(_ binding: Binding, workers: Int, threads: Int,
                               usable: [Int], socketOf: (Int) -> Int) -> [[Int]]? {
        guard binding != .none, !usable.isEmpty, workers > 0 else { return nil }
        let cpus = usable.sorted()
        switch binding {
        case .none:
            return nil
        case .cores:
            let perWorker = min(max(threads, 1), cpus.count)
            return (0..<workers).map { worker in
                (0..<perWorker).map { cpus[(worker * perWorker + $0) % cpus.count] }.sorted()
            }
        case .sockets:
            let sockets = Array(Set(cpus.map(socketOf))).sorted()
            return (0..<workers).map { worker in
                let socket = sockets[worker % sockets.count]
                return cpus.filter { socketOf($0) == socket }
            }
        }
    }
}
