import Glibc
import Testing
@testable import Statistics

/// Synthetic rounds with a KNOWN between-round variance: the round-level
/// intervals must cover the true value about 95 % of the time, where the
/// pooled intervals (samples treated as independent) fall far short.
@Suite struct RoundIntervalTests {
    /// log x(r, i) = log(center) + b(r) + e(r, i), b ~ N(0, σ_b²), e ~ N(0, σ_w²).
    struct RoundModel {
        var generator: SplitMix64
        let betweenSD: Double, withinSD: Double

        mutating func normal() -> Double {
            // Box–Muller from two 53-bit uniforms in (0, 1].
            let u = (Double(generator.next() >> 11) + 1) * 0x1p-53
            let v = Double(generator.next() >> 11) * 0x1p-53
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }

        mutating func rounds(center: Double, count: Int, perRound: Int) -> [[Double]] {
            (0..<count).map { _ in
                let shared = betweenSD * normal()
                return (0..<perRound).map { _ in center * exp(shared + withinSD * normal()) }
            }
        }
    }

    static let trials = 600
    /// Fewer: every interval runs a pooled bootstrap too (200 resamples here).
    static let speedupTrials = 400

    /// (round-level coverage, pooled coverage) of the true median over `trials` runs.
    func medianCoverage(betweenSD: Double, withinSD: Double, rounds: Int, perRound: Int) -> (Double, Double) {
        var model = RoundModel(generator: SplitMix64(seed: 42), betweenSD: betweenSD, withinSD: withinSD)
        var roundLevel = 0, pooled = 0
        for _ in 0..<Self.trials {
            let data = model.rounds(center: 0.01, count: rounds, perRound: perRound)
            if RoundInterval.ofMedian(rounds: data)?.contains(0.01) == true { roundLevel += 1 }
            if MedianInterval.interval(data.flatMap { $0 })?.contains(0.01) == true { pooled += 1 }
        }
        return (Double(roundLevel) / Double(Self.trials), Double(pooled) / Double(Self.trials))
    }

    @Test(arguments: [(6, 1), (6, 3), (4, 3), (10, 4)])
    func medianCoversWithRoundEffects(rounds: Int, perRound: Int) {
        let (roundLevel, pooled) = medianCoverage(betweenSD: 0.03, withinSD: 0.01, rounds: rounds, perRound: perRound)
        #expect(roundLevel >= 0.93 && roundLevel <= 0.995, "round-level coverage \(roundLevel)")
        if perRound >= 3 { #expect(pooled < 0.85, "pooled coverage \(pooled): the model should defeat it") }
    }

    @Test func medianStillCoversWithoutRoundEffects() {
        let (roundLevel, _) = medianCoverage(betweenSD: 0, withinSD: 0.02, rounds: 6, perRound: 2)
        #expect(roundLevel >= 0.93, "round-level coverage \(roundLevel)")
    }

    @Test(arguments: [(6, 1), (6, 4), (3, 3)])
    func speedupCoversWithRoundEffects(rounds: Int, perRound: Int) {
        var model = RoundModel(generator: SplitMix64(seed: 9), betweenSD: 0.03, withinSD: 0.01)
        let trueSpeedup = 1.8
        var roundLevel = 0, pooled = 0
        for _ in 0..<Self.speedupTrials {
            let reference = model.rounds(center: 0.018, count: rounds, perRound: perRound)
            let measured = model.rounds(center: 0.010, count: rounds, perRound: perRound)
            if RoundInterval.ofSpeedup(reference: reference, measured: measured, resamples: 200)?.contains(trueSpeedup) == true { roundLevel += 1 }
            if RatioInterval.ofMedians(reference: reference.flatMap { $0 }, measured: measured.flatMap { $0 },
                                       resamples: 200)?.contains(trueSpeedup) == true { pooled += 1 }
        }
        let roundCoverage = Double(roundLevel) / Double(Self.speedupTrials)
        let pooledCoverage = Double(pooled) / Double(Self.speedupTrials)
        #expect(roundCoverage >= 0.92 && roundCoverage <= 0.995, "round-level coverage \(roundCoverage)")
        // With one sample per round the pooled bootstrap resamples whole rounds and is right.
        if perRound >= 3 { #expect(pooledCoverage < 0.85, "pooled coverage \(pooledCoverage)") }
    }

    @Test func intervalsHoldTheReportedFigure() throws {
        let reference: [[Double]] = [[2.0, 2.1], [2.3, 2.2], [1.9, 2.0]]
        let measured: [[Double]] = [[1.0, 1.02], [1.3, 1.25], [0.95, 1.0]]
        let speedup = median(reference.flatMap { $0 })! / median(measured.flatMap { $0 })!
        #expect(try #require(RoundInterval.ofSpeedup(reference: reference, measured: measured)).contains(speedup))
        #expect(try #require(RoundInterval.ofMedian(rounds: measured)).contains(median(measured.flatMap { $0 })!))
    }

    @Test func oneRoundFallsBackToThePooledInterval() {
        let samples = [1.0, 1.1, 0.9, 1.05, 0.95, 1.02, 0.98]
        #expect(RoundInterval.ofMedian(rounds: [samples]) == MedianInterval.interval(samples))
        #expect(RoundInterval.ofMedian(rounds: []) == nil)
        #expect(RoundInterval.ofSpeedup(reference: [], measured: []) == nil)
    }

    @Test func neverNarrowerThanThePooledInterval() throws {
        // Three rounds whose medians agree exactly: the round-level part is a point.
        let rounds: [[Double]] = [[0.9, 1.1], [0.8, 1.2], [0.95, 1.05]]
        let pooled = try #require(MedianInterval.interval(rounds.flatMap { $0 }))
        let interval = try #require(RoundInterval.ofMedian(rounds: rounds))
        #expect(interval.lowerBound <= pooled.lowerBound && interval.upperBound >= pooled.upperBound)
    }

    @Test func studentQuantiles() throws {
        #expect(StudentT.quantile975(degreesOfFreedom: 0) == nil)
        #expect(StudentT.quantile975(degreesOfFreedom: 1) == 12.7062)
        #expect(StudentT.quantile975(degreesOfFreedom: 5) == 2.5706)
        // The expansion past the table joins it and falls toward z.
        let at31 = try #require(StudentT.quantile975(degreesOfFreedom: 31))
        #expect(abs(at31 - 2.0395) < 2e-4, "\(at31)")
        #expect(abs(try #require(StudentT.quantile975(degreesOfFreedom: 120)) - 1.9799) < 2e-4)
        #expect(abs(try #require(StudentT.quantile975(degreesOfFreedom: 100_000)) - 1.96) < 1e-3)
    }
}
