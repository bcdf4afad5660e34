import ResultRows
import Testing
@testable import Harness
import Vocabulary

/// The repository root: three levels above this file (symlinks resolved, so a
/// private package that links Tests/HarnessTests still finds the real one).
let repositoryRoot = parentDirectory(of: parentDirectory(of: parentDirectory(of: resolvedPath(#filePath) ?? #filePath)))
private func suitePath(_ name: String) -> String { "\(repositoryRoot)/Benchmarks/suites/\(name).suite" }

private let minimal = """
min_reps = 3
min_seconds = 0.5
[gemm]
sizes = 256, 512
kernels = blas
workers = 1, 2
threads = 1

"""

@Suite struct SuiteParsingTests {
    @Test(arguments: ["quick", "default", "full", "scale"])
    func committedSuitesParse(name: String) throws {
        let suite = try Suite.load(path: suitePath(name))
        #expect(suite.name == name)
        #expect(suite.minReps >= 1)
        #expect(!suite.gemmGrids.isEmpty)
        #expect(!suite.chainGrids.isEmpty)
        #expect(try !SweepPlan(suite: suite).configurations.isEmpty)
    }

    /// `make bench` measures on MPI ranks too: SUMMA and PDGEMM on 2 ranks at
    /// n = 1024 and 2048 with ranks sharing memory, and at 2048 with every rank
    /// its own node over TCP sockets; gemmbench's tiles on the ranks at 2048; the
    /// square and mixed chains in the optimal order, and mixed in tiles with the
    /// parallel planner.
    @Test func defaultSuiteRunsGemmAndChainsOnTwoMPIRanks() throws {
        let plan = try SweepPlan(suite: try Suite.load(path: suitePath("default")))
        let mpi = plan.configurations.filter { $0.mpi != nil }
        var expected: [String] = []
        for algorithm in ["summa", "pdgemm"] {
            expected += ["mpi/n1024/\(algorithm)/r2/t1/auto", "mpi/n2048/\(algorithm)/r2/t1/auto", "mpi/n2048/\(algorithm)/r2/t1/rank"]
        }
        expected += ["mpi/n2048/tiles/r2/t1/auto"]
        expected += ["mpi-chain/square/optimal/summa/r2/t1/auto", "mpi-chain/mixed/optimal/summa/r2/t1/auto",
                     "mpi-chain/mixed/parallel/tiles/r2/t1/auto"]
        #expect(Set(mpi.map(\.key)) == Set(expected) && mpi.count == expected.count)
        for configuration in mpi {
            let words = plan.mpirunArguments[configuration] ?? []
            #expect(words == (configuration.mpi?.nodeSplit == .rank ? ["--mca", "pml", "ob1", "--mca", "btl", "self,tcp"] : []),
                    "\(configuration.key): node split rank goes over TCP sockets; 2 ranks need no --oversubscribe on 2 cores")
            #expect(plan.configurations.contains(configuration.reference), "\(configuration.key) has its reference")
        }
    }

    /// full carries the MPI sections live, not as a commented example.
    @Test func fullSuiteRunsGemmAndChainsOnMPIRanks() throws {
        let suite = try Suite.load(path: suitePath("full"))
        #expect(suite.mpiGrids.contains { $0.problem.op == .gemm } && suite.mpiGrids.contains { $0.problem.op == .chain })
        let keys = try SweepPlan(suite: suite).configurations.map(\.key)
        #expect(keys.contains("mpi/n2048/pdgemm/r2/t1/rank") && keys.contains("mpi-chain/skinny/left/summa/r2/t1/rank"))
    }

    /// The budgets (quick 2 min, default and libraries 10 min; full: an hour) under
    /// the cost model in CostEstimate.swift: the base rounds with 20% headroom, and
    /// even the worst case — every row noisy, every extra round run — within budget.
    @Test(arguments: [("quick", 120.0), ("default", 600.0), ("libraries", 600.0), ("full", 3600.0)])
    func committedSuitesFitTheirBudget(name: String, budget: Double) throws {
        let suite = try Suite.load(path: suitePath(name))
        let plan = try SweepPlan(suite: suite)
        let perRound = plan.configurations.map {
            estimatedSeconds($0, minReps: suite.minReps, minSeconds: suite.minSeconds)
        }.reduce(0, +)
        let rounds = perRound * Double(suite.rounds)
        let worst = perRound * Double(suite.rounds + suite.maxExtraRounds)
        print("suite \(name): \(plan.configurations.count) configurations × \(suite.rounds) rounds, estimated "
              + "\(formatDuration(rounds)), at most \(formatDuration(worst)) with every extra round")
        #expect(rounds <= budget * 0.8, "leave 20% headroom for the estimate's error")
        #expect(worst <= budget)
    }

    /// The device suite is one device-machine call: ≤ 8 minutes on 16 cores under
    /// the same cost model, and no extra rounds, so its worst case is its estimate.
    @Test func deviceSuiteFitsEightMinutesOnSixteenCores() throws {
        let suite = try Suite.load(path: suitePath("device"))
        let plan = try SweepPlan(suite: suite)
        let perRound = plan.configurations.map {
            estimatedSeconds($0, minReps: suite.minReps, minSeconds: suite.minSeconds, cores: 16)
        }.reduce(0, +)
        let worst = perRound * Double(suite.rounds + suite.maxExtraRounds)
        print("suite device: \(plan.configurations.count) configurations × \(suite.rounds) rounds, estimated "
              + "\(formatDuration(worst)) on 16 cores")
        #expect(worst <= 480)
        #expect(plan.configurations.contains { $0.key == "gemm/n8192/blas/w16/t1/shm" })
    }

    /// The committed baseline is a quick run; `compare` on a default run needs the same figures.
    @Test func defaultSuiteContainsEveryQuickConfiguration() throws {
        let quick = try SweepPlan(suite: try Suite.load(path: suitePath("quick"))).configurations
        let all = Set(try SweepPlan(suite: try Suite.load(path: suitePath("default"))).configurations)
        #expect(quick.filter { !all.contains($0) }.map(\.key) == [])
    }

    @Test func parsesKeysSectionsDefaultsAndComments() throws {
        let suite = try Suite.parse(text: """
        # a comment line
        min_reps = 4          # trailing comment
        min_seconds = 0.25
        timeout_seconds = 60
        swift_reference_max_size = 512

        [gemm]
        sizes = 128 ,256,128
        kernels = blas, swift
        workers = 0, 2
        threads = 1
        [chain]
        presets = square, my-preset_2
        planners = optimal, parallel
        workers = 2
        """, path: "dir/custom.suite")
        #expect(suite.name == "custom")
        #expect(suite.minReps == 4)
        #expect(suite.minSeconds == 0.25)
        #expect(suite.timeoutSeconds == 60)
        #expect(suite.swiftReferenceMaxSize == 512)
        #expect(suite.gemmGrids == [Suite.GemmGrid(sizes: [128, 256], kernels: [.blas, .swift], workers: [0, 2],
                                                   threads: [1], transports: [.shm])])
        #expect(suite.chainGrids == [Suite.ChainGrid(presets: ["square", "my-preset_2"], planners: [.optimal, .parallel],
                                                     workers: [2], threads: [1], transports: [.shm])])
    }

    @Test func acceptsCRLFLineEndings() throws {
        let suite = try Suite.parse(text: minimal.replacing("\n", with: "\r\n"), path: "crlf.suite")
        #expect(suite.gemmGrids.first?.sizes == [256, 512])
    }

    @Test(arguments: [
        // (text, line, fragment of the message)
        (minimal + "colour = red\n", 8, "unknown key 'colour'"),
        (minimal.replacing("sizes = 256, 512", with: "sizes ="), 4, "empty list"),
        (minimal.replacing("sizes = 256, 512", with: "sizes = 256,,512"), 4, "empty item"),
        (minimal.replacing("sizes = 256, 512", with: "sizes = 256, big"), 4, "'big' is not an integer"),
        (minimal.replacing("sizes = 256, 512", with: "sizes = 0"), 4, "'0' is not an integer ≥ 1"),
        (minimal.replacing("min_seconds = 0.5", with: "min_seconds = soon"), 2, "'soon' is not a number"),
        (minimal.replacing("min_reps = 3", with: "min_reps = 3, 4"), 1, "takes one value"),
        (minimal.replacing("kernels = blas", with: "kernels = blas, cuda"), 5, "unknown value 'cuda'"),
        (minimal + "threads = 2\n", 8, "duplicate key 'threads' (first set on line 7)"),
        (minimal + "[gpu]\n", 8, "unknown section '[gpu]' (expected [gemm], [chain], [mpi] or [mpi-chain])"),
        (minimal + "min_reps = 5\n", 8, "top-level keys go before the first section"),
        (minimal + "just words\n", 8, "expected 'key = value'"),
        (minimal + "[chain]\npresets = square\nworkers = 2\n", 8, "[chain] is missing required key 'planners'"),
        (minimal.replacing("workers = 1, 2", with: "workers = -1"), 6, "'-1' is not an integer ≥ 0"),
        // The command line's bounds (RepetitionLimits) hold in suites too.
        (minimal.replacing("min_reps = 3", with: "min_reps = 10001"), 1, "'min_reps': 10001 is more than 10000"),
        (minimal.replacing("min_seconds = 0.5", with: "min_seconds = 1e308"), 2, "'min_seconds': '1e308' is more than 3600"),
    ])
    func malformedSuiteNamesFileAndLine(text: String, line: Int, fragment: String) throws {
        let error = try #require(parseError(text))
        #expect(error.file == "bad.suite")
        #expect(error.line == line)
        #expect(error.description.contains(fragment), "\(error)")
        #expect(error.description.hasPrefix("bad.suite:\(line): "))
    }

    @Test func roundsAndNoiseKeysHaveDefaultsAndTooFewSamplesAreRefused() throws {
        let suite = try Suite.parse(text: minimal, path: "ok.suite")
        #expect(suite.rounds == Suite.defaultRounds && suite.noisyCI == NoiseRule.defaultCIFraction)
        #expect(suite.maxExtraRounds == Suite.defaultMaxExtraRounds)
        let tuned = try Suite.parse(text: "rounds = 6\nnoisy_ci = 0.02\nmax_extra_rounds = 0\n"
                                    + minimal.replacing("min_reps = 3", with: "min_reps = 1"), path: "ok.suite")
        #expect(tuned.rounds == 6 && tuned.minReps == 1 && tuned.noisyCI == 0.02 && tuned.maxExtraRounds == 0)
        let tooFew = try #require(parseError("rounds = 2\n" + minimal.replacing("min_reps = 3", with: "min_reps = 2")))
        #expect(tooFew.description == "bad.suite: rounds = 2 with min_reps = 2 gives no 95% confidence interval: use rounds ≥ 3, or rounds × min_reps ≥ 6")
        #expect(try Suite.parse(text: "rounds = 3\n" + minimal.replacing("min_reps = 3", with: "min_reps = 1"), path: "ok.suite").rounds == 3)
        #expect(try #require(parseError("rounds = 0\n" + minimal)).description.contains("'rounds': '0' is not an integer ≥ 1"))
        #expect(try #require(parseError("max_extra_rounds = -1\n" + minimal)).description.contains("is not an integer ≥ 0"))
    }

    @Test func missingTopLevelKeyAndMissingSectionsAreErrors() throws {
        let noReps = try #require(parseError(minimal.replacing("min_reps = 3\n", with: "")))
        #expect(noReps.description == "bad.suite: the top of the file is missing required key 'min_reps'")
        let noSections = try #require(parseError("min_reps = 2\nmin_seconds = 0\n"))
        #expect(noSections.description.contains("defines no [gemm], [chain], [mpi] or [mpi-chain] section"))
    }

    @Test func unreadableSuiteNamesThePath() {
        #expect(throws: SuiteLoadError.self) { try Suite.load(path: "/nonexistent/x.suite") }
        do { _ = try Suite.load(path: "/nonexistent/x.suite") } catch {
            #expect(error.description.contains("/nonexistent/x.suite"))
        }
    }

    @Test func locatesSuitesByNameOrPath() throws {
        // Found above the binary's directory (this file stands in for a binary in the checkout).
        let found = try locateSuite("quick", binary: #filePath)
        #expect(found == suitePath("quick"))
        #expect(try locateSuite(suitePath("full"), binary: "/x") == suitePath("full"))
        #expect(throws: HarnessError.self) { try locateSuite("no-such-suite", binary: "/x") }
        #expect(throws: HarnessError.self) { try locateSuite("/tmp/no-such.suite", binary: "/x") }
    }
}

@Suite struct SweepPlanTests {
    /// A [gemm] grid of `sizes` sizes × workers 1…9: 19 configurations per size
    /// (blas and swift references, blas with 2…9 threads, 9 worker counts).
    static func largeSuite(sizes: Int) throws -> Suite {
        let text = "min_reps = 2\nmin_seconds = 0\n[gemm]\nsizes = "
            + (1...sizes).map(String.init).joined(separator: ", ")
            + "\nkernels = blas\nworkers = 1, 2, 3, 4, 5, 6, 7, 8, 9\nthreads = 1\n"
        return try Suite.parse(text: text, path: "large.suite")
    }

    /// Issue 17, item 5: n³ of 2097152 is 2⁶³, which trapped the sort.
    @Test func aSizeWhoseCubeOverflowsIsRefusedNamingIt() throws {
        for section in ["[gemm]\nkernels = blas\nworkers = 1\nthreads = 1\n", "[mpi]\nranks = 2\n"] {
            let text = "min_reps = 2\nmin_seconds = 0\n\(section)sizes = 64, 2097152\n"
            #expect(throws: SweepPlan.Refused.sizeOverflows(2_097_152)) {
                try SweepPlan(suite: try Suite.parse(text: text, path: "big.suite"))
            }
            let largest = text.replacing("2097152", with: String(SweepPlan.largestSize))
            #expect(try SweepPlan(suite: try Suite.parse(text: largest, path: "big.suite")).configurations.count > 1)
        }
        #expect(SweepPlan.cube(SweepPlan.largestSize) != nil && SweepPlan.cube(SweepPlan.largestSize + 1) == nil)
        #expect(formatDuration(.infinity) == "over 1000000:00:00" && formatDuration(1e300) == "over 1000000:00:00")
    }

    /// Issue 17, item 9: more than the limit is refused before any work, and
    /// planning is near-linear (16k configurations took 1.9 s in a release
    /// build, 48k 16 s: a list searched once per configuration).
    @Test func aSuiteOverTheConfigurationLimitIsRefusedAndPlanningIsNearLinear() throws {
        #expect(throws: SweepPlan.Refused.tooManyConfigurations(limit: SweepPlan.maximumConfigurations)) {
            try SweepPlan(suite: try Self.largeSuite(sizes: 1000))
        }
        let suite = try Self.largeSuite(sizes: 500)
        let start = ContinuousClock.now
        let plan = try SweepPlan(suite: suite)
        let elapsed = ContinuousClock.now - start
        #expect(plan.configurations.count == 500 * 19 && plan.configurations.count <= SweepPlan.maximumConfigurations)
        #expect(Set(plan.configurations).count == plan.configurations.count)
        // Quadratic planning of 9,500 configurations in a debug build takes tens of seconds.
        #expect(elapsed < .seconds(5), "planning took \(elapsed)")
    }

    @Test func addsEveryReferenceAndOrdersThemFirst() throws {
        let suite = try Suite.parse(text: """
        min_reps = 2
        min_seconds = 0
        swift_reference_max_size = 256
        [gemm]
        sizes = 512, 256
        kernels = blas
        workers = 1, 2, 4
        threads = 1
        transports = shm, message
        [chain]
        presets = mixed
        planners = left, parallel
        workers = 2
        """, path: "plan.suite")
        let keys = try SweepPlan(suite: suite).configurations.map(\.key)
        #expect(keys == [
            "gemm/n256/blas/w0/t1", "gemm/n256/blas/w0/t2", "gemm/n256/blas/w0/t4",
            "gemm/n256/blas/w1/t1/shm", "gemm/n256/blas/w1/t1/message",
            "gemm/n256/blas/w2/t1/shm", "gemm/n256/blas/w2/t1/message",
            "gemm/n256/blas/w4/t1/shm", "gemm/n256/blas/w4/t1/message",
            "gemm/n256/swift/w0/t1",
            "gemm/n512/blas/w0/t1", "gemm/n512/blas/w0/t2", "gemm/n512/blas/w0/t4",
            "gemm/n512/blas/w1/t1/shm", "gemm/n512/blas/w1/t1/message",
            "gemm/n512/blas/w2/t1/shm", "gemm/n512/blas/w2/t1/message",
            "gemm/n512/blas/w4/t1/shm", "gemm/n512/blas/w4/t1/message",
            "chain/mixed/optimal/w0/t1", "chain/mixed/left/w2/t1/shm", "chain/mixed/parallel/w2/t1/shm",
        ])
    }

    @Test func singleProcessConfigurationsHaveNoTransportAndAreNotDuplicated() throws {
        let suite = try Suite.parse(text: """
        min_reps = 2
        min_seconds = 0
        [gemm]
        sizes = 64
        kernels = naive
        workers = 0
        threads = 1
        transports = shm, message
        """, path: "p.suite")
        let keys = try SweepPlan(suite: suite).configurations.map(\.key)
        #expect(keys == ["gemm/n64/blas/w0/t1", "gemm/n64/swift/w0/t1", "gemm/n64/naive/w0/t1"])
    }

    @Test func configurationArgumentsFollowTheCLIContract() {
        let gemm = BenchConfiguration.gemm(n: 1024, kernel: .blas, workers: 2, threads: 1, transport: .message)
        #expect(gemm.arguments(minReps: 3, minSeconds: 0.5) == [
            "gemm", "--size", "1024", "--kernel", "blas", "--workers", "2", "--threads", "1",
            "--transport", "message", "--repeat", "3", "--min-time", "0.5", "--csv", "--samples"])
        #expect(gemm.label == "gemm n=1024 blas w=2 t=1 message")
        let chain = BenchConfiguration.chain(preset: "skinny", planner: .tree, workers: 0, threads: 2, transport: .shm)
        #expect(chain.arguments(minReps: 1, minSeconds: 0) == [
            "chain", "--preset", "skinny", "--planner", "tree", "--workers", "0", "--threads", "2",
            "--repeat", "1", "--min-time", "0.0", "--csv", "--samples"])
        #expect(chain.reference.key == "chain/skinny/optimal/w0/t1")
        #expect(chain.columnName == "tree_w0_t2")
    }
}
