import Statistics

/// One configuration's timed runs in one round (one child process), with the
/// inter-core round trip probed just before that child started.
struct RoundSamples: Equatable {
    let round: Int
    var samples: [Double]
    var coreRoundTripNs: Double?
}

extension [RoundSamples] {
    /// Each sample's inter-core round trip: its round's probe, once per sample
    /// that round took (rounds without a probe contribute none).
    var sampleRoundTrips: [Double] {
        flatMap { round in round.coreRoundTripNs.map { [Double](repeating: $0, count: round.samples.count) } ?? [] }
    }

    /// The median over the samples of their round's inter-core round trip, nil when none was probed.
    var coreRoundTripNs: Double? { median(sampleRoundTrips.sorted()) }
}

/// When the host had placed the vCPUs far apart while a child ran, judged
/// against THIS run's own probes: a child whose `core_rt_ns` exceeds
/// `farCoresRoundTripRatio` (1.5) × the median of the run's probes was
/// measured far. On the reference VMs near placements read ~90–200 ns and far
/// ones ~400–600 ns, while OpenBLAS's own 2-thread figures drop by up to a
/// third (Benchmarks/README.md, "Methodology"). A run that was far throughout
/// has a far median and flags nothing: its figures are at least consistent,
/// and `compare` compares its probes with the baseline's (`farCoresNote`).
struct FarPlacementRule: Equatable {
    /// nil when the run has no probes (one CPU, or tests): nothing is far.
    let thresholdNs: Double?

    init(probes: [Double]) {
        thresholdNs = median(probes.filter { $0.isFinite && $0 > 0 }).map { $0 * farCoresRoundTripRatio }
    }

    init(thresholdNs: Double?) { self.thresholdNs = thresholdNs }

    func isFar(_ probe: Double?) -> Bool {
        guard let thresholdNs, let probe else { return false }
        return probe > thresholdNs
    }

    /// The rounds a figure is computed from: the near ones when at least
    /// `minimumNearRounds` remain, else all of them (then the row's CI shows the spread).
    /// Every sample stays in samples.csv; only the figure leaves far rounds out.
    func figureRounds(_ rounds: [RoundSamples]) -> [RoundSamples] {
        let near = rounds.filter { !isFar($0.coreRoundTripNs) }
        return near.count >= Self.minimumNearRounds ? near : rounds
    }

    /// True when any of `rounds` was measured far.
    func anyFar(_ rounds: [RoundSamples]) -> Bool { rounds.contains { isFar($0.coreRoundTripNs) } }

    /// Enough rounds for a round-level interval with some strength (t(0.975; 2) = 4.3).
    static let minimumNearRounds = 3
}

/// A speedup and its round-level 95 % CI (`RoundInterval.ofSpeedup`), the
/// reference's and the measured configuration's rounds paired by round number.
func speedupFigure(reference: [RoundSamples], measured: [RoundSamples])
    -> (speedup: Double, interval: ClosedRange<Double>?)? {
    let referenceRounds = Dictionary(reference.map { ($0.round, $0.samples) }, uniquingKeysWith: +)
    let measuredRounds = Dictionary(measured.map { ($0.round, $0.samples) }, uniquingKeysWith: +)
    let numbers = Set(referenceRounds.keys).union(measuredRounds.keys).sorted()
    let top = referenceRounds.values.flatMap { $0 }, bottom = measuredRounds.values.flatMap { $0 }
    guard let a = median(top), let b = median(bottom), b > 0 else { return nil }
    let interval = RoundInterval.ofSpeedup(reference: numbers.map { referenceRounds[$0] ?? [] },
                                           measured: numbers.map { measuredRounds[$0] ?? [] })
    return (a / b, interval)
}
