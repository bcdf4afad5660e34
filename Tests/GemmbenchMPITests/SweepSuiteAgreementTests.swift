@testable import Harness
import Testing
@testable import gemmbench_mpi
import Vocabulary

/// A sweep suite's `[mpi-chain]` section offers the algorithms and planners
/// gemmbench-mpi's `chain` accepts — no more (a child that could only exit with
/// a usage error) and no fewer. Both read `MPIAlgorithm.chainPlanners`; this
/// checks the suite parser and the parser gemmbench-mpi runs against each other,
/// pair by pair, so neither can add a rule of its own.
@Suite("a suite's [mpi-chain] section and gemmbench-mpi chain agree")
struct SweepSuiteAgreementTests {
    @Test("every algorithm × planner a suite accepts gemmbench-mpi accepts, and the other way round")
    func algorithmsAndPlanners() {
        for algorithm in MPIAlgorithm.allCases {
            for planner in PlannerKind.allCases {
                let suite = "min_reps = 6\nmin_seconds = 0\n[\(MPILaunch.chainFamily)]\npresets = square\n"
                    + "planners = \(planner.rawValue)\nranks = 2\nalgorithms = \(algorithm.rawValue)\n"
                let suiteAccepts = (try? Suite.parse(text: suite, path: "agreement.suite")) != nil
                let gemmbenchMPIAccepts = (try? MPIChainOptions.parse(
                    ["--preset", "square", "--planner", planner.rawValue, "--algorithm", algorithm.rawValue],
                    worldSize: 2)) != nil
                #expect(suiteAccepts == gemmbenchMPIAccepts,
                        "\(algorithm.rawValue) with planner \(planner.rawValue): suite \(suiteAccepts), gemmbench-mpi \(gemmbenchMPIAccepts)")
            }
        }
        // The agreement is not vacuous: SUMMA with optimal and with parallel runs, PDGEMM does not.
        #expect((try? MPIChainOptions.parse(["--preset", "square", "--algorithm", "summa"], worldSize: 2)) != nil)
        #expect((try? MPIChainOptions.parse(["--preset", "square", "--planner", "parallel"], worldSize: 2)) != nil)
        #expect((try? MPIChainOptions.parse(["--preset", "square", "--algorithm", "pdgemm"], worldSize: 2)) == nil)
        #expect(MPILaunch.chainAlgorithms.contains(.summa) && MPILaunch.chainPlanners.contains(.optimal))
    }
}
