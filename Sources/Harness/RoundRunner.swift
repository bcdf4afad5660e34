import ResultRows
import SystemBoundary
import Statistics

/// Measures configurations in rounds: each round runs every configuration it
/// is given once, as its own child process, in an order freshly shuffled from
/// one seeded SplitMix64 stream, and pools each configuration's samples across
/// rounds (google/benchmark's random interleaving; Hoefler & Belli, SC15).
/// A burst of noise lasting seconds then lands on a few samples of many
/// configurations instead of on every sample of one, and the order of a whole
/// sweep replays from its seed.
struct RoundRunner {
    let settings: MeasurementSettings
    private(set) var pools: [BenchConfiguration: PooledMeasurement] = [:]
    /// A configuration whose child failed (crash, timeout, no row) is not run
    /// again: the first error is kept and reported.
    private(set) var errors: [BenchConfiguration: String] = [:]
    private var generator: SplitMix64
    /// Probes the inter-core round trip just before each child starts — never
    /// while one runs, as the probe's two spinning threads would slow it.
    /// nil: not probed (tests that count children's time).
    let probeCoreRoundTrip: (() -> Double?)?

    init(settings: MeasurementSettings, seed: UInt64,
         probeCoreRoundTrip: (() -> Double?)? = { CoreRoundTrip.measure() }) {
        self.settings = settings
        generator = SplitMix64(seed: seed)
        self.probeCoreRoundTrip = probeCoreRoundTrip
    }

    /// The order round `configurations` will run in: consumes the stream, so
    /// call it once per round and pass the result to `run`.
    mutating func shuffledOrder(of configurations: [BenchConfiguration]) -> [BenchConfiguration] {
        configurations.filter { errors[$0] == nil }.seededShuffle(using: &generator)
    }

    /// Runs `order` (from `shuffledOrder`) as round number `round` (1-based).
    /// `starting` and `finished` see each child before and after it runs.
    /// `shouldStop` is asked before each child: true ends the round early
    /// (a sweep nobody can see any more, `Console.failure`).
    mutating func run(round: Int, order: [BenchConfiguration],
                      shouldStop: () -> Bool = { false },
                      starting: (Int, BenchConfiguration) -> Void = { _, _ in },
                      tick: (Int, BenchConfiguration) -> Void = { _, _ in },
                      finished: (Int, BenchConfiguration, MeasurementOutcome) -> Void = { _, _, _ in }) {
        for (index, configuration) in order.enumerated() {
            if shouldStop() { return }
            starting(index, configuration)
            let roundTrip = probeCoreRoundTrip?()
            let cpuBefore = CPUTimes.now()
            let childCPUBefore = waitedChildrenCPUSeconds()
            let started = monotonicSeconds()
            let outcome = measure(configuration, with: settings) { tick(index, configuration) }
            let usage = RunUsage.since(cpuBefore, wallSeconds: monotonicSeconds() - started,
                                       childCPUSeconds: waitedChildrenCPUSeconds() - childCPUBefore)
            switch outcome {
            case .row(let row):
                if pools[configuration] == nil {
                    pools[configuration] = PooledMeasurement(first: row, round: round, usage: usage,
                                                                coreRoundTripNs: roundTrip)
                } else {
                    pools[configuration]!.add(row, round: round, usage: usage, coreRoundTripNs: roundTrip)
                }
            case .error(let message):
                errors[configuration] = message
                pools[configuration] = nil
            }
            finished(index, configuration, outcome)
        }
    }
}

/// A seed for a sweep's order when the user gave none: below 2⁵³ so env.json's
/// `order_seed` is exact in every JSON reader.
func freshOrderSeed() -> UInt64 {
    UInt64.random(in: 0..<(1 << 53))
}
