import Testing
@testable import Harness
import Vocabulary

/// Each grid type expands its own configurations with their references; the
/// sweep plan is their union, sorted.
@Suite struct SuiteGridTests {
    static let fixtures = "\(repositoryRoot)/Tests/Fixtures/sweep-plans"

    /// Every grid of `suite` with the configurations it expands to.
    static func expansions(_ suite: Suite) throws -> [(grid: String, configurations: [BenchConfiguration])] {
        try suite.gemmGrids.map { ("\($0)", try $0.configurations(swiftReferenceMaxSize: suite.swiftReferenceMaxSize)) }
            + suite.chainGrids.map { ("\($0)", try $0.configurations()) }
            + suite.mpiGrids.map { ("\($0)", try $0.configurations()) }
    }

    static let suites = SweepPlanRecordTests.committedSuites + ["\(fixtures)/every-grid.suite"]

    @Test(arguments: suites)
    func everyGridListsEachConfigurationOnceWithItsReference(path: String) throws {
        for (grid, configurations) in try Self.expansions(try Suite.load(path: path)) {
            let listed = Set(configurations)
            #expect(listed.count == configurations.count, "duplicates in \(grid)")
            for configuration in configurations where !listed.contains(configuration.reference) {
                Issue.record("\(grid) lists \(configuration.key) without its reference \(configuration.reference.key)")
            }
        }
    }

    @Test(arguments: suites)
    func thePlanIsExactlyTheUnionOfItsGrids(path: String) throws {
        let suite = try Suite.load(path: path)
        let plan = try SweepPlan(suite: suite)
        #expect(Set(plan.configurations) == Set(try Self.expansions(suite).flatMap(\.configurations)))
        #expect(Set(plan.configurations).count == plan.configurations.count)
        #expect(Set(plan.mpirunArguments.keys) == Set(plan.configurations.filter { $0.mpi != nil }))
    }

    @Test func aGemmGridAddsItsReferencesPerSizeAndLibrary() throws {
        let grid = Suite.GemmGrid(sizes: [64, 512], kernels: [.blas, .naive], workers: [2], threads: [1, 2],
                                  transports: [.shm], libraries: [nil, "reference"])
        let keys = try grid.configurations(swiftReferenceMaxSize: 256).filter { $0.problemName == "n512" }.map(\.key)
        #expect(keys == [
            "gemm/n512/blas/w0/t1",
            "gemm/n512/blas/w0/t2", "gemm/n512/blas/w2/t1/shm", "gemm/n512/blas/w2/t2/shm",
            // The reference BLAS has no threads of its own: no T > 1 on it.
            "gemm/n512/blas@reference/w0/t1", "gemm/n512/blas@reference/w2/t1/shm",
            "gemm/n512/naive/w2/t1/shm", "gemm/n512/naive/w2/t2/shm",
        ], "no swift reference above swift_reference_max_size")
        #expect(try grid.configurations(swiftReferenceMaxSize: 256).contains(.gemm(n: 64, kernel: .swift, workers: 0, threads: 1)))
    }

    @Test func anMPIGridRunsItsProblemOnEveryLaunchAndThreadCount() throws {
        let keys = Suite.MPILaunchKeys(ranks: [4, 2], algorithms: [.pdgemm, .summa], nodeSplits: [.rank], threads: [2, 1],
                                       grids: nil, mpirunArguments: [])
        #expect(keys.launches.map { "\($0.algorithm)/r\($0.ranks)" } == ["pdgemm/r4", "pdgemm/r2", "summa/r4", "summa/r2"])
        let gemm = try Suite.MPIGrid(problem: .gemm(sizes: [32]), launchKeys: keys).configurations()
        #expect(gemm.count == 1 + 4 * 2 && gemm.first?.key == "gemm/n32/blas/w0/t1")
        let chain = try Suite.MPIGrid(problem: .chain(presets: ["square", "4x5x6"], planners: [.left, .tree]),
                                      launchKeys: keys).configurations()
        #expect(chain.count == 2 * (1 + 2 * 4 * 2))
        #expect(chain.filter(\.isReference).map(\.key) == ["chain/square/optimal/w0/t1", "chain/4x5x6/optimal/w0/t1"])
    }

    @Test func aConfigurationListKeepsTheFirstOfEachAndRefusesPastTheLimit() throws {
        var list = ConfigurationList()
        let one = BenchConfiguration.gemm(n: 8, kernel: .blas, workers: 0, threads: 1)
        #expect(try list.add(one) && !(try list.add(one)) && list.configurations == [one])
        for n in 1..<SweepPlan.maximumConfigurations { try list.add(.gemm(n: n, kernel: .naive, workers: 1, threads: 1)) }
        #expect(list.configurations.count == SweepPlan.maximumConfigurations)
        #expect(throws: SweepPlan.Refused.tooManyConfigurations(limit: SweepPlan.maximumConfigurations)) {
            try list.add(.gemm(n: 9, kernel: .swift, workers: 3, threads: 1))
        }
    }

    /// A grid of 10⁹ configurations is refused as soon as it passes the limit, not walked.
    @Test func aGridOfABillionIsRefusedAtOnce() throws {
        let thousand = (1...1000).map(String.init).joined(separator: ", ")
        let suite = try Suite.parse(text: "min_reps = 2\nmin_seconds = 0\n[gemm]\nsizes = \(thousand)\nkernels = naive\n"
                                    + "workers = \(thousand)\nthreads = \(thousand)\n", path: "huge.suite")
        let start = ContinuousClock.now
        #expect(throws: SweepPlan.Refused.tooManyConfigurations(limit: SweepPlan.maximumConfigurations)) {
            try SweepPlan(suite: suite)
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }
}
