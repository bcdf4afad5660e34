import Testing
@testable import Statistics

@Suite struct MedianIntervalTests {
    /// Le Boudec, "Performance Evaluation of Computer and Communication Systems",
    /// Table A.1 (95 % confidence intervals for the median): n = 6 → x(1), x(6);
    /// n = 10 → x(2), x(9); n = 100 → x(40), x(61).
    @Test(arguments: [(6, 1, 6), (10, 2, 9), (100, 40, 61)])
    func ranksMatchThePublishedTable(n: Int, lower: Int, upper: Int) {
        let ranks = MedianInterval.ranks(count: n)
        #expect(ranks?.lower == lower)
        #expect(ranks?.upper == upper)
    }

    @Test func fewerThanSixSamplesHaveNoInterval() {
        for n in 0..<MedianInterval.minimumSamples {
            #expect(MedianInterval.ranks(count: n) == nil, "n = \(n)")
        }
        #expect(MedianInterval.interval([1, 2, 3, 4, 5]) == nil)
    }

    @Test func coverageIsAtLeastTheConfidenceForEveryCount() {
        for n in 6...400 {
            guard let (j, k) = MedianInterval.ranks(count: n) else {
                Issue.record("no interval for n = \(n)")
                continue
            }
            #expect(k == n - j + 1)
            var below = 0.0
            for i in 0..<j { below += MedianInterval.binomialHalfProbability(n: n, k: i) }
            let coverage = 1 - 2 * below
            #expect(coverage >= 0.95, "n = \(n): coverage \(coverage)")
            // The next rank inward would fall below 95 %: the interval is the tightest one.
            let inward = coverage - 2 * MedianInterval.binomialHalfProbability(n: n, k: j)
            #expect(inward < 0.95, "n = \(n): rank \(j + 1) would still cover")
        }
    }

    @Test func intervalPicksThoseOrderStatisticsWhateverTheInputOrder() {
        let samples = (1...10).map(Double.init).reversed().map { $0 * 0.5 }
        #expect(MedianInterval.interval(Array(samples)) == 1.0...4.5)
    }

    @Test func largeCountsStayFinite() {
        let ranks = MedianInterval.ranks(count: 5000)
        #expect(ranks != nil)
        if let ranks { #expect(ranks.lower > 2400 && ranks.upper < 2600) }
    }

    @Test func medianOfEvenAndOddCounts() {
        #expect(median([3, 1, 2]) == 2)
        #expect(median([4, 1, 3, 2]) == 2.5)
        #expect(median([]) == nil)
    }
}
