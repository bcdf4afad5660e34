import Testing
import SystemBoundary
@testable import TilesOnRanks

/// What a rank ends a tiles run with, as the command line turns rank 0's result into its own.
@Suite("tiles outcome")
struct TilesOutcomeTests {
    @Test("map transforms rank 0's result and passes a serving rank's status through")
    func map() {
        let coordinated = TilesRun.Outcome<Int>.coordinated(20).map { "\($0 + 1)" }
        guard case .coordinated("21") = coordinated else { Issue.record("\(coordinated)"); return }
        for status: ExitCode in [.success, .verificationFailed, .usageError] {
            let served = TilesRun.Outcome<Int>.served(status: status).map { _ -> String in
                Issue.record("a serving rank has no result to transform")
                return ""
            }
            guard case .served(status) = served else { Issue.record("\(served)"); return }
        }
    }
}
