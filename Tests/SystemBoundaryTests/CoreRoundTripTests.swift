import CSupport
import Glibc
import Testing
import SystemBoundary

/// The probe pins the calling thread, so these run one at a time.
@Suite(.serialized) struct CoreRoundTripTests {
    /// With two CPUs allowed the round trip is a positive, finite number of
    /// nanoseconds (well under the per-probe limit ÷ trips), and the caller's
    /// affinity is what it was.
    @Test func measuresAPositiveRoundTripAndRestoresAffinity() throws {
        let before = try affinity()
        guard before.count >= 2 else { return }  // a one-CPU machine: the nil case is tested below
        let nanoseconds = try #require(CoreRoundTrip.measure())
        #expect(nanoseconds.isFinite && nanoseconds > 0)
        #expect(nanoseconds < Double(CoreRoundTrip.probeLimitNanoseconds) / Double(CoreRoundTrip.trips))
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
