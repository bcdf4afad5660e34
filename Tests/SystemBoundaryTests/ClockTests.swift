import Testing
import SystemBoundary

@Suite("clock")
struct ClockTests {
    @Test("the monotonic clock moves forward")
    func monotonicClock() {
        let start = monotonicSeconds()
        sleepMicroseconds(2_000)
        let elapsed = monotonicSeconds() - start
        #expect(elapsed >= 0.0019 && elapsed < 1)
    }

    @Test("poll timeouts round up to whole milliseconds and stay in Int32")
    func pollTimeouts() {
        #expect(pollTimeoutMilliseconds(0) == 0)
        #expect(pollTimeoutMilliseconds(-3) == 0)
        #expect(pollTimeoutMilliseconds(0.0001) == 1, "a wait never ends before its deadline")
        #expect(pollTimeoutMilliseconds(2.5) == 2500)
        #expect(pollTimeoutMilliseconds(1e12) == Int32.max)
    }
}
