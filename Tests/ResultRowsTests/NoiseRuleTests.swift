@testable import ResultRows
import Testing
import Vocabulary

@Suite struct NoiseRuleTests {
    private func row(op: Op = .gemm, median: Double = 1, low: Double?, high: Double?,
                     efficiency: Double? = nil) -> ResultRow {
        var row = ResultRow(op: op, m: 8, k: 8, n: 8, workers: 2, threads: 1, reps: 6, medianSeconds: median,
                            minSeconds: median, maxSeconds: median, gflops: 1, residual: 0, verdict: .pass,
                            blasCore: "Zen")
        row.ciLowSeconds = low
        row.ciHighSeconds = high
        row.efficiency = efficiency
        return row
    }

    @Test func aWideCIIsNoisyANarrowOneIsNot() {
        let rule = NoiseRule(ciFraction: 0.05)
        #expect(rule.isNoisy(row(low: 0.96, high: 1.04)) == false, "half-width 4 %")
        #expect(rule.isNoisy(row(low: 0.9, high: 1.11)) == true, "half-width 10.5 %")
        #expect(rule.isNoisy(row(low: nil, high: nil)) == nil, "unjudged without a CI")
    }

    @Test func efficiencyAboveTheLimitIsNoisyForGemmOnly() {
        let rule = NoiseRule()
        #expect(rule.isNoisy(row(low: 1, high: 1, efficiency: 1.11)) == true)
        #expect(rule.isNoisy(row(low: 1, high: 1, efficiency: 1.09)) == false)
        #expect(rule.isNoisy(row(op: .chain, low: 1, high: 1, efficiency: 1.5)) == false)
        #expect(rule.isNoisy(row(low: nil, high: nil, efficiency: 2)) == true)
    }
}

@Suite struct CPUTimesTests {
    /// proc(5): user nice system idle iowait irq softirq steal guest guest_nice.
    @Test func readsTheFirstEightCountersOfTheCPULine() throws {
        let stat = "cpu  100 5 50 800 40 1 4 10 30 0\ncpu0 50 2 25 400 20 0 2 5 15 0\nintr 1\n"
        let times = try #require(CPUTimes.parse(stat))
        #expect(times == CPUTimes(total: 1010, idle: 840, steal: 10))
        let later = CPUTimes(total: 1210, idle: 940, steal: 30)
        #expect(later.stealPercent(since: times) == 10)
        #expect(later.busySeconds(since: times) == 1)
        #expect(times.stealPercent(since: times) == nil, "no time passed")
        #expect(CPUTimes.parse("cpu  1 2 3\n") == nil && CPUTimes.parse("intr 1\n") == nil)
    }
}
