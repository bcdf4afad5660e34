import NumberFormatting
import ResultRows
import SystemBoundary

/// A sweep under way: its rounds, then its extra rounds, each child's progress
/// line, and raw.csv and samples.csv rewritten after every round.
struct SweepSession {
    var setup: SweepSetup
    let settings: MeasurementSettings
    var context: SummaryContext
    var runner: RoundRunner
    var progress: ProgressReporter
    var rows: [ResultRow] = []
    /// Configurations whose FAIL has been announced (once each).
    var reported: Set<BenchConfiguration> = []
    var extraRounds = 0
    let loadBefore: String

    init(_ setup: SweepSetup) {
        self.setup = setup
        let suite = setup.suite, options = setup.options
        settings = MeasurementSettings(binary: setup.binary, minReps: suite.minReps, minSeconds: suite.minSeconds,
                                       timeoutSeconds: suite.timeoutSeconds, globalArguments: options.globalArguments,
                                       mpirunArguments: setup.plan.mpirunArguments)
        context = SummaryContext(peakGflopsPerCore: setup.info["peak_gflops_per_core"]?.stringValue.flatMap { Double($0) },
                                 cores: setup.info["cores"]?.stringValue.flatMap { Int($0) } ?? 1,
                                 noiseRule: NoiseRule(ciFraction: suite.noisyCI))
        loadBefore = loadAverage()
        runner = options.probesCoreRoundTrip ? RoundRunner(settings: settings, seed: setup.seed)
                                             : RoundRunner(settings: settings, seed: setup.seed, probeCoreRoundTrip: nil)
        let perRound = setup.plan.configurations.map { Self.cost($0, suite) }
        // Every base round is scheduled up front so the ETA covers the whole sweep.
        progress = ProgressReporter(costs: Array(repeating: perRound, count: suite.rounds).flatMap { $0 },
                                    interactive: isTerminal(2))
        progress.note("sweep: suite \(suite.name) (\(suite.path)), \(setup.plan.configurations.count) configurations × "
                      + "\(suite.rounds) rounds in shuffled order (seed \(setup.seed)), estimated "
                      + "\(formatDuration(perRound.reduce(0, +) * Double(suite.rounds))), results in \(setup.runDirectory)")
    }

    static func cost(_ configuration: BenchConfiguration, _ suite: Suite) -> Double {
        estimatedSeconds(configuration, minReps: suite.minReps, minSeconds: suite.minSeconds)
    }

    /// Runs the rounds and extra rounds; nil when they ran to the end, else
    /// the exit status to end the sweep with (1: results could not be written;
    /// 3: nobody can see the sweep any more).
    mutating func runRounds() -> ExitCode? {
        var round = 0
        while true {
            round += 1
            guard let candidates = candidates(round: round) else { break }
            measure(round: round, order: runner.shuffledOrder(of: candidates))
            context.farRule = FarPlacementRule(probes: runner.pools.values.flatMap { $0.runs.compactMap(\.coreRoundTripNs) })
            rows = summarizeRows(setup.plan.configurations, pools: runner.pools, context: context)
            do {
                try writeFileAtomically(joinPath(setup.runDirectory, "raw.csv"), ResultRow.csvDocument(rows))
                try writeFileAtomically(joinPath(setup.runDirectory, SamplesFile.name),
                                        SamplesFile.document(setup.plan.configurations, pools: runner.pools))
            } catch {
                progress.done()
                reportError(error.description)
                return .error
            }
            if let failure = Console.failure {
                // Nobody sees this sweep any more: stop, keep what was measured, say it is partial.
                setup.record.markIncomplete("stopped in round \(round): \(failure)")
                try? writeFileAtomically(joinPath(setup.runDirectory, "env.json"), setup.record.text)
                return Console.outputFailedStatus
            }
        }
        progress.done()
        return nil
    }

    /// Round `round`'s configurations: all of them in a base round; in an extra
    /// round the noisy rows, and those with a round measured while the vCPUs sat
    /// far apart (replaced by near rounds where it can), beside their references,
    /// so a slow burst in the denominator is re-measured too. nil: no more rounds.
    mutating func candidates(round: Int) -> [BenchConfiguration]? {
        let suite = setup.suite, configurations = setup.plan.configurations
        if round <= suite.rounds { return configurations }
        let remeasured = rowsToRemeasure(rows, pools: runner.pools, farRule: context.farRule, plannedRounds: suite.rounds)
        guard !remeasured.isEmpty, extraRounds < suite.maxExtraRounds else { return nil }
        extraRounds += 1
        let candidates = configurations.filter { c in remeasured.contains(c) || remeasured.contains { $0.reference == c } }
        progress.note("sweep: extra round \(extraRounds) of \(suite.maxExtraRounds) for \(remeasured.count) noisy "
                      + "or far-placed rows (\(candidates.count) configurations with their references)")
        return candidates
    }

    /// One round's children in `order`, each with its progress line.
    mutating func measure(round: Int, order: [BenchConfiguration]) {
        let offset: Int
        if round <= setup.suite.rounds {
            offset = (round - 1) * setup.plan.configurations.count
        } else {
            offset = progress.total
            progress.schedule(order.map { Self.cost($0, setup.suite) })
        }
        let label = { (c: BenchConfiguration) in "round \(round): \(c.label)" }
        var progress = self.progress, reported = self.reported
        defer { self.progress = progress; self.reported = reported }
        runner.run(round: round, order: order,
                   shouldStop: { Console.failure != nil },
                   starting: { index, c in progress.running(index: offset + index, label: label(c)) },
                   tick: { index, c in progress.running(index: offset + index, label: label(c)) },
                   finished: { index, c, outcome in
                       switch outcome {
                       case .row(let row):
                           var summary = "median \(formatSignificant(row.medianSeconds, digits: 4)) s, "
                               + "\(formatFixed(row.gflops, decimals: 2)) GFLOP/s, \(row.verdict.rawValue)"
                           if row.verdict != .pass {
                               summary += " (residual \(row.residual))"
                               if reported.insert(c).inserted {
                                   progress.note("FAIL: \(c.label): product failed verification (residual \(row.residual))")
                               }
                           }
                           progress.finished(index: offset + index, label: label(c), summary: summary)
                       case .error(let message):
                           progress.note("error: \(c.label): \(message)")
                           progress.finished(index: offset + index, label: label(c), summary: "error")
                       }
                   })
    }
}
