import CSupport
import Glibc
import Testing
import SystemBoundary

/// The probe pins the calling thread, so these run one at a time.
@Suite(.serialized) struct CoreRoundTripTests {
    /// With two CPUs allowed one probe gives a positive, finite number of
    /// nanoseconds (a generous limit: `make test` may keep both CPUs busy), and
    /// `measure` gives one within its per-probe limit or nil when every probe was
    /// preempted past it; either way the caller's affinity is what it was.
    @Test func measuresAPositiveRoundTripAndRestoresAffinity() throws {
        let before = try affinity()
        guard before.count >= 2 else { return }  // a one-CPU machine: the nil case is tested below
        let generousLimit: Int64 = 10_000_000_000
        let one = gb_core_round_trip_ns(Int32(before[0]), Int32(before[1]), 1_000, generousLimit)
        #expect(one.isFinite && one > 0, "\(one)")
        #expect(try affinity() == before, "the caller's affinity is restored")
        if let nanoseconds = CoreRoundTrip.measure() {
            #expect(nanoseconds.isFinite && nanoseconds > 0)
            // The limit is checked every 1024 spins, so a probe may finish a little past it.
            #expect(nanoseconds < 2 * Double(CoreRoundTrip.probeLimitNanoseconds) / Double(CoreRoundTrip.trips))
        }
        #expect(try affinity() == before, "the caller's affinity is restored")
    }

    /// Restricted to one CPU, there is no pair to probe: nil, not a hang or a number.
    @Test func oneAllowedCPUGivesNil() throws {
        let before = try affinity()
        try setAffinity([before[0]])
        defer { try? setAffinity(before) }
        #expect(CoreRoundTrip.firstTwoAllowedCPUs() == nil)
        #expect(CoreRoundTrip.measure() == nil)
    }

    /// A CPU outside the affinity mask or a trip count below 1 is refused with EINVAL.
    @Test func refusesCPUsOutsideTheMaskAndNoTrips() throws {
        let allowed = try affinity()
        let outside = Int32((allowed.max() ?? 0) + 1)
        errno = 0
        #expect(gb_core_round_trip_ns(Int32(allowed[0]), outside, 10, CoreRoundTrip.probeLimitNanoseconds) == -1)
        #expect(errno == EINVAL)
        errno = 0
        #expect(gb_core_round_trip_ns(Int32(allowed[0]), Int32(allowed[0]), 0, CoreRoundTrip.probeLimitNanoseconds) == -1)
        #expect(errno == EINVAL)
        #expect(try affinity() == allowed)
    }
}
