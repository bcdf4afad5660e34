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
/// (`MPI_Iprobe`) without pause for `spinSeconds` — long enough to cover the
/// gap between two tasks of a run, so the dispatch round trip never sleeps —
/// and then sleeps between probes, each sleep twice the last, from
/// `firstSleepMicroseconds` up to `longestSleepMicroseconds`.
///
/// Measured on the 2-core machine (a VM: a 20 µs `usleep` takes ~90 µs),
/// release build:
/// - `mpirun -np 2 gemmbench-mpi gemm --size 2048 --algorithm tiles --split 1x1
///   --repeat 5` (one tile: rank 1 computes it, rank 0 waits through all of
///   it). A build that probes without ever sleeping (as a blocking `MPI_Probe`
///   does) used 4.3 CPU-seconds in 2.44 s of wall time; this wait 2.4 in
///   2.45 s, and the product took the same 325–330 ms. With `-np 3
///   --oversubscribe` (Open MPI then yields inside its loop) spinning still
///   burnt 4.4 CPU-seconds, this wait 2.8 in 2.65 s.
/// - Small products are all dispatch: n = 256 on 2 ranks took 1.2–3.3 ms per
///   product when the wait spun only 50 µs and slept up to 1 ms (each task
///   paid a sleep on both sides), 0.35 ms with these constants — the worker
///   pool's 0.34–0.40 ms.
enum IdleWait {
    /// Probing without sleeping first: the gap between two tasks of a run.
    static let spinSeconds = 2e-3
    static let firstSleepMicroseconds: UInt32 = 20
    /// The longest a message waits unnoticed after the spin (plus the VM's
    /// ~70 µs of sleep overshoot); each wake-up costs one probe.
    static let longestSleepMicroseconds: UInt32 = 250

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
