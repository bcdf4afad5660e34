import Glibc

/// Seconds on the monotonic clock: immune to wall-clock adjustments mid-run.
/// The corresponding C function is `clock_gettime(CLOCK_MONOTONIC)`.
public func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}

/// Sleeps for `microseconds`. The corresponding C function is `usleep`.
public func sleepMicroseconds(_ microseconds: UInt32) {
    _ = usleep(microseconds)
}

/// The current UTC time as calendar fields. The corresponding C functions are `time` and `gmtime_r`.
public func utcNow() -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
    var seconds = time(nil)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    return (Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
}
