import Glibc
import Testing
@testable import Statistics

/// A baseline's prediction for one new run from k runs with errors of their own
/// (`RunPrediction`): its arithmetic on small cases, its weighting, and its
/// coverage on runs drawn from a known model.
@Suite struct RunPredictionTests {
    typealias Run = RunPrediction.Run

    @Test func refusesTooFewOrInvalidRuns() {
        #expect(RunPrediction([Run(value: 1.9, logStandardError: 0.01)]) == nil)
        #expect(RunPrediction([Run(value: 1.9, logStandardError: 0.01), Run(value: 0, logStandardError: 0.01)]) == nil)
        #expect(RunPrediction([Run(value: 1.9, logStandardError: 0.01), Run(value: .nan, logStandardError: 0.01)]) == nil)
        #expect(RunPrediction([Run(value: 1.9, logStandardError: 0.01), Run(value: 2, logStandardError: .infinity)]) == nil)
        #expect(RunPrediction([Run(value: 1.9, logStandardError: 0.01), Run(value: 2, logStandardError: -1)]) == nil)
    }

    /// Runs that agree within their equal errors: τ = 0, the centre is their
    /// geometric mean and one new run's sd is √(s² + s²/k).
    @Test func runsThatAgreeWithinTheirErrorsHaveNoBetweenRunSpread() throws {
        let prediction = try #require(RunPrediction([2.00, 2.01, 1.99].map { Run(value: $0, logStandardError: 0.02) }))
        #expect(prediction.logBetweenRunSpread == 0)
        #expect(abs(prediction.center - exp(([2.00, 2.01, 1.99].map(log).reduce(0, +)) / 3)) < 1e-12)
        #expect(abs(prediction.logTypicalRunError - 0.02) < 1e-12)
        #expect(abs(prediction.logStandardDeviation - (0.02 * 0.02 * (1 + 1.0 / 3)).squareRoot()) < 1e-12)
        #expect(abs(prediction.logHalfWidth - 2 * prediction.logStandardDeviation) < 1e-15)
    }

    /// DerSimonian–Laird by hand: two runs 10 % apart, each with error 0.01.
    @Test func betweenRunSpreadMatchesDerSimonianLaird() throws {
        let prediction = try #require(RunPrediction([Run(value: 1.0, logStandardError: 0.01),
                                                     Run(value: 1.1, logStandardError: 0.01)]))
        let d = log(1.1), w = 1 / (0.01 * 0.01)
        let q = 2 * w * (d / 2) * (d / 2)             // Σw(y − ȳ)², ȳ halfway
        let tau2 = (q - 1) / (2 * w - 2 * w * w / (2 * w))
        #expect(abs(prediction.logBetweenRunSpread - tau2.squareRoot()) < 1e-12)
        // With one degree of freedom, τ² counts (12.706 / 1.96)² times.
        let f = (12.7062 / 1.959964) * (12.7062 / 1.959964)
        #expect(abs(prediction.smallSampleFactor - f) < 1e-9)
        #expect(abs(prediction.logStandardDeviation - (f * tau2 + 0.0001 + 0.00005).squareRoot()) < 1e-12)
    }

    /// A run taken in a disturbed minute (its own CI wide) hardly moves the
    /// centre, where a plain geometric mean would follow it 7 %.
    @Test func aDisturbedRunWithAWideCICountsLittle() throws {
        let prediction = try #require(RunPrediction([Run(value: 1.95, logStandardError: 0.006),
                                                     Run(value: 1.94, logStandardError: 0.008),
                                                     Run(value: 1.69, logStandardError: 0.09)]))
        #expect(abs(prediction.center / 1.946 - 1) < 0.003, "\(prediction.center)")
        #expect(prediction.relativeLowerHalfWidth < 0.05, "\(prediction.relativeLowerHalfWidth)")
        // The same three figures with equal errors: the runs disagree, and the band is wide.
        let equal = try #require(RunPrediction([1.95, 1.94, 1.69].map { Run(value: $0, logStandardError: 0.006) }))
        #expect(equal.relativeLowerHalfWidth > 0.25, "\(equal.relativeLowerHalfWidth)")
    }

    /// A run's error from its CI: the log half-width over t(0.975; rounds − 1).
    @Test func aRunsErrorComesFromItsRoundLevelCI() {
        let run = Run(value: 2, low: 1.9, high: 2.1, rounds: 5)
        #expect(abs(run.logStandardError - log(2.1 / 1.9) / 2 / 2.7764) < 1e-12)
        #expect(Run(value: 2, low: 2, high: 2, rounds: 5).logStandardError == 0)
    }

    /// Three runs drawn from y = μ + u + e (u ~ N(0, τ²) between runs, e ~ N(0, s²)
    /// each run's own, s known), then a fourth: it lands above the prediction's
    /// lower end about 97.5 % of the time (one-sided), both where the runs'
    /// own errors dominate and where the spread between runs does.
    @Test(arguments: [(0.0, 0.02), (0.01, 0.02), (0.03, 0.01), (0.05, 0.01)])
    func oneNewRunLandsAboveTheLowerEnd(tau: Double, error: Double) {
        var model = RoundIntervalTests.RoundModel(generator: SplitMix64(seed: 11), betweenSD: 0, withinSD: 0)
        let trials = 4000
        var above = 0
        for _ in 0..<trials {
            func draw() -> Double { 1.5 * exp(tau * model.normal() + error * model.normal()) }
            let runs = (0..<3).map { _ in Run(value: draw(), logStandardError: error) }
            let next = draw()
            let prediction = RunPrediction(runs)!
            if log(next / prediction.center) >= -prediction.logHalfWidth { above += 1 }
        }
        let coverage = Double(above) / Double(trials)
        #expect(coverage >= 0.94 && coverage <= 0.995, "τ \(tau), s \(error): coverage \(coverage)")
    }
}
