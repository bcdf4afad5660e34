/// The sweep's progress on stderr. On a terminal: one line rewritten in place,
/// `[i/N] gemm n=1024 blas w=2 t=1 shm  elapsed 0:42  eta 3:10`, redrawn every
/// second while a configuration runs. Otherwise (a log, CI): one plain line per
/// finished configuration with its result.
///
/// ETA = elapsed × (estimated cost of the configurations left ÷ estimated cost
/// of those done), costs from `estimatedSeconds`; before the first finishes it
/// is the estimate itself.
struct ProgressReporter {
    private(set) var costs: [Double]
    var total: Int { costs.count }
    let interactive: Bool
    let started = monotonicSeconds()
    private var lineShown = false

    init(costs: [Double], interactive: Bool) {
        self.costs = costs
        self.interactive = interactive
    }

    /// More child runs joined the schedule (a sweep's extra rounds for noisy rows).
    mutating func schedule(_ more: [Double]) { costs += more }

    private func eta(finished: Int) -> Double {
        let elapsed = monotonicSeconds() - started
        let done = costs[..<finished].reduce(0, +)
        let left = costs[finished...].reduce(0, +)
        return done > 0 ? elapsed * left / done : left
    }

    private func status(index: Int, label: String) -> String {
        "[\(index + 1)/\(total)] \(label)  elapsed \(formatDuration(monotonicSeconds() - started))"
            + "  eta \(formatDuration(eta(finished: index)))"
    }

    /// Configuration `index` (0-based) starts, or is still running.
    mutating func running(index: Int, label: String) {
        guard interactive else { return }
        writeText("\r" + status(index: index, label: label) + "\u{1B}[K", to: 2)
        lineShown = true
    }

    /// Configuration `index` finished; `summary` is its result in a few words.
    mutating func finished(index: Int, label: String, summary: String) {
        if interactive { return }
        writeText("[\(index + 1)/\(total)] \(label): \(summary)  (elapsed \(formatDuration(monotonicSeconds() - started)), "
                  + "eta \(formatDuration(eta(finished: index + 1))))\n", to: 2)
    }

    /// A line that must stay visible (an error, a FAIL): printed above the progress line.
    mutating func note(_ message: String) {
        if interactive && lineShown { writeText("\r\u{1B}[K", to: 2) }
        writeText(message + "\n", to: 2)
    }

    /// Clears the progress line at the end.
    mutating func done() {
        if interactive && lineShown { writeText("\r\u{1B}[K", to: 2) }
        lineShown = false
    }
}
