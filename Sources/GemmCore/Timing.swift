import SystemBoundary
import Vocabulary

/// Median, minimum and maximum of repeated timings (the figures google/benchmark
/// and HPL report; a mean hides the noise a shared machine makes).
public struct TimingStats: Sendable, Equatable {
    public let samples: [Double]
    public let median: Double
    public let min: Double
    public let max: Double

    /// - Precondition: `samples` is not empty.
    public init(samples: [Double]) {
        precondition(!samples.isEmpty, "no timings")
        self.samples = samples
        let sorted = samples.sorted()
        let mid = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        min = sorted.first!
        max = sorted.last!
    }
}

/// How many times to run a measured body.
public struct RepetitionPolicy: Sendable, Equatable {
    /// Untimed runs first: page faults, lazy BLAS buffers and pool wake-up land here.
    public var warmups: Int
    /// At least this many timed runs …
    public var minRepetitions: Int
    /// … and keep going until the timed runs add up to at least this many seconds.
    public var minSeconds: Double
    /// Never more than this many timed runs, however fast the body.
    public var maxRepetitions: Int

    public init(warmups: Int = 1, minRepetitions: Int = 5, minSeconds: Double = 0,
                maxRepetitions: Int = RepetitionLimits.minTimeRepetitionCap) {
        self.warmups = warmups
        self.minRepetitions = minRepetitions
        self.minSeconds = minSeconds
        self.maxRepetitions = max(maxRepetitions, minRepetitions)
    }

    /// Runs `body` per the policy and times each timed run. A thrown error stops at once.
    public func measure(_ body: () throws -> Void) rethrows -> TimingStats {
        for _ in 0..<warmups { try body() }
        var samples: [Double] = []
        var total = 0.0
        while samples.count < minRepetitions || (total < minSeconds && samples.count < maxRepetitions) {
            let start = monotonicSeconds()
            try body()
            let elapsed = monotonicSeconds() - start
            samples.append(elapsed)
            total += elapsed
        }
        return TimingStats(samples: samples)
    }
}
