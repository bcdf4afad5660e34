import SystemBoundary

/// How a rank with nothing to do waits for its next message (`--algorithm
/// tiles`): a serving rank for its next command, rank 0 for a reply.
///
/// Open MPI's blocking `MPI_Recv` and `MPI_Probe` poll their transports in a
/// loop: a rank blocked in one holds a whole core for as long as it waits. A
/// serving rank waits whenever rank 0 computes a task itself, runs the
/// cost-model calibration, fills or verifies the matrices; that core is then
/// lost to anything else on the machine (other jobs, BLAS threads, and with
/// more ranks than cores the ranks themselves). So the wait probes
/// (`MPI_Iprobe`) for `spinSeconds` — a message that follows at once costs no
/// sleep — and then sleeps between probes, each sleep twice the last, from
/// `firstSleepMicroseconds` up to `longestSleepMicroseconds`.
///
/// Measured on the 2-core machine, release build, `mpirun -np 2 gemmbench-mpi
/// gemm --size 2048 --algorithm tiles --split 1x1 --repeat 5` (one tile: rank
/// 0 computes it, rank 1 waits through all of it), against a build that
/// probes without ever sleeping (as a blocking `MPI_Probe` does): spinning,
/// the job used 4.3 CPU-seconds in 2.44 s of wall time; with this wait 2.25
/// in 2.42 s — rank 1's core stays free — and the product took the same
/// 320–326 ms either way. With `-np 3 --oversubscribe` (Open MPI then yields
/// inside its loop) spinning still burnt 4.4 CPU-seconds, this wait 2.4. A
/// late wake-up costs at most 1 ms: about 1% of a tile at n = 2048 on 2 ranks
/// (~80 ms).
enum IdleWait {
    /// Probing without sleeping first: a message this close behind costs only a probe loop.
    static let spinSeconds = 50e-6
    static let firstSleepMicroseconds: UInt32 = 20
    /// The longest a message waits unnoticed (see above for what it costs).
    static let longestSleepMicroseconds: UInt32 = 1000

    /// Calls `probe` until it returns a value, or returns nil once `deadline`
    /// (monotonic seconds; `.infinity`: never) has passed.
    static func poll<T>(until deadline: Double = .infinity, _ probe: () throws -> T?) rethrows -> T? {
        let spinEnd = monotonicSeconds() + spinSeconds
        var sleep = firstSleepMicroseconds
        while true {
            if let found = try probe() { return found }
            let now = monotonicSeconds()
            if now >= deadline { return nil }
            if now < spinEnd { continue }
            sleepMicroseconds(sleep)
            sleep = min(2 * sleep, longestSleepMicroseconds)
        }
    }
}
