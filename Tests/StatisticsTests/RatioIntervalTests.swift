import Testing
@testable import Statistics

@Suite struct RatioIntervalTests {
    /// Measured times with ±5 % spread, and a reference exactly `ratio` times
    /// slower drawn independently: the interval must hold the true ratio and be
    /// about as tight as the spread allows.
    @Test(arguments: [1.0, 1.9, 0.5])
    func intervalHoldsAKnownRatio(ratio: Double) throws {
        var generator = SplitMix64(seed: 7)
        func noisy(_ base: Double) -> Double { base * (0.95 + 0.1 * Double(generator.next() >> 11) * 0x1p-53) }
        let measured = (0..<30).map { _ in noisy(0.010) }
        let reference = (0..<30).map { _ in noisy(0.010 * ratio) }
        let interval = try #require(RatioInterval.ofMedians(reference: reference, measured: measured))
        #expect(interval.contains(ratio * median(reference)! / (ratio * median(measured)!) ) )
        #expect(interval.lowerBound > ratio * 0.95 && interval.upperBound < ratio * 1.05,
                "\(interval) for a true ratio \(ratio) with ±5 % noise")
        #expect(interval.lowerBound < ratio * 1.01 && interval.upperBound > ratio * 0.99,
                "\(interval) misses the true ratio \(ratio)")
    }

    @Test func identicalSamplesGiveTheExactRatio() throws {
        let interval = try #require(RatioInterval.ofMedians(reference: [2, 2, 2, 2, 2, 2], measured: [1, 1, 1, 1, 1, 1]))
        #expect(interval == 2...2)
    }

    @Test func sameSamplesSameInterval() {
        let a = [1.0, 1.2, 0.9, 1.1, 1.05, 0.98, 1.3]
        let b = [0.5, 0.55, 0.52, 0.61, 0.49, 0.5]
        #expect(RatioInterval.ofMedians(reference: a, measured: b) == RatioInterval.ofMedians(reference: a, measured: b))
    }

    @Test func noSamplesNoInterval() {
        #expect(RatioInterval.ofMedians(reference: [], measured: [1]) == nil)
        #expect(RatioInterval.ofMedians(reference: [1], measured: []) == nil)
    }

    @Test func wideSpreadWidensTheInterval() throws {
        let tight = try #require(RatioInterval.ofMedians(reference: [2, 2.01, 1.99, 2, 2.02, 1.98],
                                                         measured: [1, 1.01, 0.99, 1, 1.02, 0.98]))
        let wide = try #require(RatioInterval.ofMedians(reference: [2, 2.5, 1.5, 2, 3, 1.4],
                                                        measured: [1, 1.4, 0.7, 1, 1.6, 0.8]))
        #expect(wide.upperBound - wide.lowerBound > 5 * (tight.upperBound - tight.lowerBound))
    }
}
