import SystemBoundary

/// Seconds on the monotonic clock (immune to wall-clock steps), for elapsed and ETA.
func monotonicSeconds() -> Double { SystemBoundary.monotonicSeconds() }

/// The current UTC time as `(compact, iso)`: `20261125T193000Z` (a run id that
/// sorts by time) and `2026-11-25T19:30:00Z` (env.json's `date`).
func utcTimestamps() -> (compact: String, iso: String) {
    let now = utcNow()
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    let year = String(now.year)
    let date = (year, two(now.month), two(now.day))
    let time = (two(now.hour), two(now.minute), two(now.second))
    return ("\(date.0)\(date.1)\(date.2)T\(time.0)\(time.1)\(time.2)Z",
            "\(date.0)-\(date.1)-\(date.2)T\(time.0):\(time.1):\(time.2)Z")
}

/// `m:ss` or `h:mm:ss`, for elapsed and ETA on the progress line.
func formatDuration(_ seconds: Double) -> String {
    // An estimate past a million hours (or not finite) would trap in Int(_:).
    guard seconds < 3.6e9 else { return "over 1000000:00:00" }
    let total = max(0, Int(seconds.rounded()))
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60)
    let ss = s < 10 ? "0\(s)" : "\(s)"
    if h > 0 { return "\(h):\(m < 10 ? "0\(m)" : "\(m)"):\(ss)" }
    return "\(m):\(ss)"
}
