import Glibc
import Testing
@testable import GemmCore

@Suite("Timing")
struct TimingTests {
    @Test("median, min and max of an odd count")
    func oddCount() {
        let stats = TimingStats(samples: [3, 1, 2, 9, 5])
        #expect(stats.median == 3 && stats.min == 1 && stats.max == 9)
        #expect(stats.samples == [3, 1, 2, 9, 5], "samples keep their order")
    }

    @Test("the median of an even count is the mean of the middle two")
    func evenCount() {
        let stats = TimingStats(samples: [4, 1, 3, 2])
        #expect(stats.median == 2.5 && stats.min == 1 && stats.max == 4)
        #expect(TimingStats(samples: [7, 7]).median == 7)
    }

    @Test("one sample is its own median, min and max")
    func singleSample() {
        let stats = TimingStats(samples: [0.25])
        #expect(stats.median == 0.25 && stats.min == 0.25 && stats.max == 0.25)
    }

    @Test("warmups are run but not timed; at least minRepetitions are timed")
    func warmupsAndMinimum() {
        var calls = 0
        let policy = RepetitionPolicy(warmups: 2, minRepetitions: 3, minSeconds: 0)
        let stats = policy.measure { calls += 1 }
        #expect(calls == 5)
        #expect(stats.samples.count == 3)
        #expect(stats.samples.allSatisfy { $0 >= 0 })
    }

    @Test("keeps repeating until the timed runs add up to minSeconds")
    func minimumSeconds() {
        var calls = 0
        let policy = RepetitionPolicy(warmups: 1, minRepetitions: 1, minSeconds: 0.03)
        let stats = policy.measure { calls += 1; usleep(5_000) }
        #expect(stats.samples.reduce(0, +) >= 0.03)
        #expect(stats.samples.count >= 2 && stats.samples.count <= 7, "5 ms runs need about 6 to reach 30 ms")
        #expect(calls == stats.samples.count + 1)
    }

    @Test("maxRepetitions caps a fast body, and never undercuts minRepetitions")
    func maximumRepetitions() {
        var calls = 0
        let capped = RepetitionPolicy(warmups: 0, minRepetitions: 2, minSeconds: 3600, maxRepetitions: 4)
        #expect(capped.measure { calls += 1 }.samples.count == 4)
        #expect(calls == 4)

        let raised = RepetitionPolicy(warmups: 0, minRepetitions: 6, minSeconds: 0, maxRepetitions: 2)
        #expect(raised.maxRepetitions == 6)
        #expect(raised.measure {}.samples.count == 6)
    }

    struct Boom: Error {}

    @Test("a thrown error stops the measurement at once")
    func errorStops() {
        var calls = 0
        let policy = RepetitionPolicy(warmups: 1, minRepetitions: 5)
        #expect(throws: Boom.self) {
            _ = try policy.measure {
                calls += 1
                if calls == 2 { throw Boom() }
            }
        }
        #expect(calls == 2)
    }
}
