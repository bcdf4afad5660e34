import SystemBoundary

/// How a rank with nothing to do waits for its next message (`--algorithm
/// tiles`): a serving rank for its next command, rank 0 for a reply.
///
/// Open MPI's blocking `MPI_Recv` and `MPI_Probe` poll their transports in a
/// loop: a rank blocked in one holds a whole core at 100% for as long as it
/// waits. With one rank per core that is harmless only while every rank
/// computes; a serving rank waits whenever rank 0 computes a task itself, runs
/// the cost-model calibration, fills or verifies the matrices, and with more
/// ranks than cores (`--oversubscribe`) its spin steals the very core rank 0
/// computes on. So the wait probes (`MPI_Iprobe`) for `spinSeconds` — a reply
/// that follows at once costs no sleep — and then sleeps between probes, each
/// sleep twice the last, from `firstSleepMicroseconds` up to
/// `longestSleepMicroseconds`.
///
enum IdleWait {
    /// Probing without sleeping first: a message this close behind costs only a probe loop.
    static let spinSeconds = 50e-6
    static let firstSleepMicroseconds: UInt32 = 20
    /// The longest a message waits unnoticed: under 1% of a 100 ms task.
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
