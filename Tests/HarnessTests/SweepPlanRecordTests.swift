import Testing
@testable import Harness
import SystemBoundary

/// Every committed suite's settings and sweep plan, key by key in order, with
/// each MPI configuration's mpirun words, as recorded in Tests/Fixtures/sweep-plans/
/// (`<suite>.plan`: a line of settings, then one configuration a line). A change to the plan's union,
/// references or order shows here as a changed line; a recorded plan is
/// rewritten only when that change is meant.
///
/// every-grid.suite there mixes every section kind, overlapping sizes and
/// presets, libraries, node splits, grids and an MPI configuration that two
/// grids with different mpirun words both list (the first grid's words win).
@Suite struct SweepPlanRecordTests {
    static let fixtures = "\(repositoryRoot)/Tests/Fixtures/sweep-plans"
    static let committedSuites = directoryEntries("\(repositoryRoot)/Benchmarks/suites")
        .filter { $0.hasSuffix(".suite") }.sorted().map { "\(repositoryRoot)/Benchmarks/suites/\($0)" }

    /// The suite's top-level settings, then one line per configuration: its key,
    /// and for an MPI one the mpirun words it launches with.
    static func lines(of suite: Suite) throws -> [String] {
        let settings = "settings rounds=\(suite.rounds) min_reps=\(suite.minReps) min_seconds=\(suite.minSeconds) "
            + "noisy_ci=\(suite.noisyCI) max_extra_rounds=\(suite.maxExtraRounds) timeout_seconds=\(suite.timeoutSeconds) "
            + "swift_reference_max_size=\(suite.swiftReferenceMaxSize.map(String.init) ?? "all")"
        let plan = try SweepPlan(suite: suite)
        return [settings] + plan.configurations.map { configuration in
            guard configuration.mpi != nil else { return configuration.key }
            let words = plan.mpirunArguments[configuration].map { $0.joined(separator: " ") } ?? "(none recorded)"
            return "\(configuration.key) mpirun_args=\(words)"
        }
    }

    @Test func everyCommittedSuiteIsRecorded() {
        #expect(Self.committedSuites.count >= 6, "\(Self.committedSuites)")
    }

    @Test(arguments: committedSuites + ["\(fixtures)/every-grid.suite"])
    func thePlanIsTheRecordedOne(path: String) throws {
        let suite = try Suite.load(path: path)
        let recorded = try readTextFile("\(Self.fixtures)/\(suite.name).plan")
            .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let planned = try Self.lines(of: suite)
        #expect(planned.count == recorded.count, "\(suite.name): \(planned.count) lines planned, \(recorded.count) recorded")
        for (index, (line, expected)) in zip(planned, recorded).enumerated() where line != expected {
            Issue.record("\(suite.name).plan line \(index + 1): planned \(line), recorded \(expected)")
            break
        }
    }
}
