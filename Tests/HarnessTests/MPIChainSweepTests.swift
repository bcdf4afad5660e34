import ResultRows
import Testing
@testable import Harness
import SystemBoundary
import TestSupport
import Vocabulary

/// A suite with process chains and chains on MPI ranks of the same presets.
private let chainSuite = """
min_reps = 2
min_seconds = 0
[chain]
presets = mixed
planners = optimal, parallel
workers = 2
[mpi-chain]
presets = mixed, square
planners = optimal, left
ranks = 2
node_split = rank, auto
mpirun_args = --mca pml ob1 --mca btl self,tcp

"""

private func summa(ranks: Int = 2, split: MPILaunch.NodeSplit = .auto, grid: String? = nil) -> MPILaunch {
    MPILaunch(ranks: ranks, algorithm: .summa, nodeSplit: split, grid: grid)
}

@Suite struct MPIChainSuiteTests {
    @Test func anMPIChainSectionParsesWithItsDefaults() throws {
        let suite = try Suite.parse(text: chainSuite, path: "c.suite")
        #expect(suite.gemmGrids.isEmpty && suite.chainGrids.count == 1)
        #expect(suite.mpiGrids == [Suite.MPIGrid(
            problem: .chain(presets: ["mixed", "square"], planners: [.optimal, .left]),
            launchKeys: Suite.MPILaunchKeys(ranks: [2], algorithms: [.summa], nodeSplits: [.rank, .auto], threads: [1],
                                            grids: nil, mpirunArguments: ["--mca", "pml", "ob1", "--mca", "btl", "self,tcp"]))])
        let given = try Suite.parse(text: "min_reps = 6\nmin_seconds = 0\n[mpi-chain]\npresets = skinny, 48x64x40\n"
                                    + "planners = tree\nranks = 4\nalgorithms = summa\nthreads = 1, 2\ngrid = 1x4, 2x2\n",
                                    path: "c.suite")
        let grid = try #require(given.mpiGrids.first)
        #expect(grid.problem == .chain(presets: ["skinny", "48x64x40"], planners: [.tree]))
        #expect(grid.launchKeys.nodeSplits == [.auto])
        #expect(grid.launchKeys.threads == [1, 2] && grid.launchKeys.grids == ["1x4", "2x2"] && grid.launchKeys.mpirunArguments == [])
    }

    @Test(arguments: [
        // (text, line, fragment of the message)
        (chainSuite.replacing("presets = mixed, square\n", with: ""), 7, "[mpi-chain] is missing required key 'presets'"),
        (chainSuite.replacing("planners = optimal, left\n", with: ""), 7, "[mpi-chain] is missing required key 'planners'"),
        (chainSuite.replacing("ranks = 2\n", with: ""), 7, "[mpi-chain] is missing required key 'ranks'"),
        (chainSuite.replacing("ranks = 2\n", with: "ranks = two\n"), 10, "'ranks': 'two' is not an integer ≥ 1"),
        (chainSuite.replacing("optimal, left", with: "greedy"), 9, "'planners': unknown value 'greedy'"),
        // PDGEMM multiplies one pair: not a chain algorithm.
        (chainSuite + "algorithms = summa, pdgemm\n", 13,
         "'algorithms': 'pdgemm' is not available in [mpi-chain] (expected one of: summa, tiles)"),
        (chainSuite + "threads = 0\n", 13, "'threads': '0' is not an integer ≥ 1"),
        (chainSuite + "grid = 2x2\n", 13, "'grid': 2x2 has 4 members but ranks includes 2"),
        (chainSuite + "grid = 2*1\n", 13, "'grid': '2*1' is not PxQ"),
        (chainSuite + "sizes = 64\n", 13, "unknown key 'sizes' in [mpi-chain]"),
        (chainSuite + "workers = 2\n", 13, "unknown key 'workers' in [mpi-chain]"),
        (chainSuite.replacing("mixed, square", with: "mixed, sq/uare"), 8, "'presets': 'sq/uare' is not a valid name"),
        // Dims must be whole numbers ≥ 1, at least three of them, in [chain] as in [mpi-chain].
        (chainSuite.replacing("mixed, square", with: "48x64"), 8, "'presets': '48x64' is not dims d0xd1x…xdk"),
        (chainSuite.replacing("presets = mixed\n", with: "presets = 48x0x40\n"), 4, "'presets': '48x0x40' is not dims"),
    ])
    func malformedMPIChainSectionNamesFileAndLine(text: String, line: Int, fragment: String) throws {
        let error = try #require(parseError(text))
        #expect(error.line == line, "\(error)")
        #expect(error.description.hasPrefix("bad.suite:\(line): "))
        #expect(error.description.contains(fragment), "\(error)")
    }

    @Test func tilesChainsTakeTheParallelPlanner() throws {
        let text = chainSuite.replacing("optimal, left", with: "optimal, parallel")
            .replacing("node_split = rank, auto", with: "node_split = auto") + "algorithms = tiles\n"
        let suite = try Suite.parse(text: text, path: "tiles.suite")
        #expect(suite.mpiGrids.first?.problem == .chain(presets: ["mixed", "square"], planners: [.optimal, .parallel]))
        #expect(suite.mpiGrids.first?.launchKeys.algorithms == [.tiles])
    }

    @Test func summaChainsTakeTheParallelPlannerToo() throws {
        let text = chainSuite.replacing("optimal, left", with: "optimal, parallel") + "algorithms = summa\n"
        let suite = try Suite.parse(text: text, path: "summa.suite")
        #expect(suite.mpiGrids.first?.problem == .chain(presets: ["mixed", "square"], planners: [.optimal, .parallel]))
        #expect(suite.mpiGrids.first?.launchKeys.algorithms == [.summa])
    }

    @Test func chainAlgorithmsAndPlannersAreDerivedFromTheVocabulary() {
        #expect(MPILaunch.chainAlgorithms == MPIAlgorithm.allCases.filter { $0 != .pdgemm })
        #expect(MPILaunch.chainAlgorithms.contains(.summa) && !MPILaunch.chainAlgorithms.contains(.pdgemm))
        #expect(MPILaunch.chainPlanners == PlannerKind.allCases, "SUMMA and tiles run every planner")
        #expect(MPIAlgorithm.summa.chainPlanners == PlannerKind.allCases && MPIAlgorithm.pdgemm.chainPlanners.isEmpty)
    }

    @Test func thePlanGivesMPIChainsTheProcessChainsReferenceAndOrdersThemLast() throws {
        let plan = try SweepPlan(suite: try Suite.parse(text: chainSuite, path: "c.suite"))
        #expect(plan.configurations.map(\.key) == [
            "chain/mixed/optimal/w0/t1",
            "chain/mixed/optimal/w2/t1/shm", "chain/mixed/parallel/w2/t1/shm",
            "mpi-chain/mixed/left/summa/r2/t1/auto", "mpi-chain/mixed/left/summa/r2/t1/rank",
            "mpi-chain/mixed/optimal/summa/r2/t1/auto", "mpi-chain/mixed/optimal/summa/r2/t1/rank",
            "chain/square/optimal/w0/t1",
            "mpi-chain/square/left/summa/r2/t1/auto", "mpi-chain/square/left/summa/r2/t1/rank",
            "mpi-chain/square/optimal/summa/r2/t1/auto", "mpi-chain/square/optimal/summa/r2/t1/rank",
        ])
        let mpi = BenchConfiguration.mpiChain(.chainPreset("mixed"), planner: .optimal, launch: summa(split: .rank), threads: 1)
        #expect(plan.configurations.contains(mpi))
        #expect(mpi.reference == .chain(preset: "mixed", planner: .optimal, workers: 0, threads: 1) && !mpi.isReference)
        #expect(mpi.isChain && mpi.op == .chain && mpi.workers == 2 && mpi.transport == nil && mpi.kernel == nil)
        #expect(mpi.columnName == "optimal_summa_r2_t1_rank")
        #expect(mpi.label == "mpi-chain mixed optimal summa r=2 t=1 rank")
        #expect(plan.mpirunArguments[mpi] == ["--mca", "pml", "ob1", "--mca", "btl", "self,tcp"])
        #expect(plan.mpirunArguments[.chain(preset: "mixed", planner: .optimal, workers: 2, threads: 1)] == nil)
    }

    @Test func aChainGivenByDimsIsRunWithDimsAndNamedByThem() throws {
        let suite = try Suite.parse(text: "min_reps = 6\nmin_seconds = 0\n[chain]\npresets = 48x64x40\nplanners = left\n"
                                    + "workers = 0\n[mpi-chain]\npresets = 48x64x40\nplanners = optimal\nranks = 2\n"
                                    + "grid = 1x2\n", path: "c.suite")
        let plan = try SweepPlan(suite: suite)
        #expect(plan.configurations.map(\.key) == ["chain/48x64x40/optimal/w0/t1", "chain/48x64x40/left/w0/t1",
                                                   "mpi-chain/48x64x40/optimal/summa/r2/t1/auto/g1x2"])
        let mpi = try #require(plan.configurations.last)
        #expect(mpi.problem == .chainDims([48, 64, 40]) && mpi.columnName == "optimal_summa_r2_t1_auto_g1x2")
        #expect(mpi.arguments(minReps: 2, minSeconds: 0.1) == [
            "chain", "--dims", "48,64,40", "--planner", "optimal", "--algorithm", "summa", "--node-split", "auto",
            "--threads", "1", "--grid", "1x2", "--repeat", "2", "--min-time", "0.1", "--csv", "--samples"])
        #expect(plan.configurations[1].arguments(minReps: 2, minSeconds: 0.1).prefix(5)
                    == ["chain", "--dims", "48,64,40", "--planner", "left"])
    }

    @Test func theSweepLaunchesMpirunWithGemmbenchMPIChain() {
        let configuration = BenchConfiguration.mpiChain(.chainPreset("square"), planner: .tree,
                                                        launch: summa(ranks: 4, split: .rank, grid: "2x2"), threads: 2)
        #expect(configuration.key == "mpi-chain/square/tree/summa/r4/t2/rank/g2x2")
        let settings = MeasurementSettings(binary: "/opt/bench/gemmbench", minReps: 3, minSeconds: 0.5, timeoutSeconds: 60,
                                           globalArguments: ["--blas-core", "keep"],
                                           mpirunArguments: [configuration: ["--oversubscribe"]])
        let command = settings.command(for: configuration)
        #expect(command.program == "mpirun")
        #expect(command.arguments == ["--oversubscribe", "-np", "4", "/opt/bench/gemmbench-mpi",
                                      "chain", "--preset", "square", "--planner", "tree", "--algorithm", "summa",
                                      "--node-split", "rank", "--threads", "2", "--grid", "2x2",
                                      "--repeat", "3", "--min-time", "0.5", "--csv", "--samples"])
        #expect(command.environment == (effectiveUserID() == 0 ? MPILaunch.rootEnvironment : [:]))
    }

    @Test func compareReMeasuresMPIChainsWithTheMpirunArgumentsOfTheRecordedSuite() throws {
        var environment = FlatJSONObject()
        environment["min_reps"] = .number("2")
        environment["min_seconds"] = .number("0")
        environment["suite_text"] = .string(chainSuite)
        let settings = try remeasurementSettings(environment, source: "env.json", binary: "/b/gemmbench", globalArguments: [])
        let command = settings.command(for: .mpiChain(.chainPreset("square"), planner: .left, launch: summa(), threads: 1))
        #expect(command.arguments.prefix(8) == ["--mca", "pml", "ob1", "--mca", "btl", "self,tcp", "-np", "2"])
    }

    /// A row as gemmbench-mpi prints it for `chain --preset P` on 2 ranks.
    private func mpiChainRow(preset: String? = "mixed", planner: PlannerKind? = .optimal, speedup: Double = 1.5) -> ResultRow {
        var row = ResultRow(op: .chain, dims: [4, 5, 6], kernel: .blas, workers: 2, threads: 1, planner: planner, reps: 6,
                            medianSeconds: 1 / speedup, minSeconds: 1, maxSeconds: 1, gflops: 1, speedup: speedup,
                            residual: 0, verdict: .pass, blasCore: "Haswell", preset: preset)
        row.backend = "mpi"; row.ranks = 2; row.nodes = 2; row.grid = "1x2"; row.algorithm = "summa"; row.nodeSplit = "rank"
        return row
    }

    @Test func anMPIChainRowIsRecognisedAndRoundTripsThroughRawCSV() throws {
        let row = mpiChainRow()
        #expect(try ResultRow.parseCSV(ResultRow.csvDocument([row]), source: "raw.csv") == [row])
        #expect(BenchConfiguration(row: row)?.key == "mpi-chain/mixed/optimal/summa/r2/t1/rank")
        #expect(BenchConfiguration(row: mpiChainRow(preset: nil))?.key == "mpi-chain/4x5x6/optimal/summa/r2/t1/rank")
        #expect(BenchConfiguration(row: mpiChainRow(planner: nil)) == nil, "an MPI chain row without its planner")
        var pdgemm = row
        pdgemm.algorithm = "cannon"
        #expect(BenchConfiguration(row: pdgemm) == nil, "an algorithm the vocabulary does not know")
    }

    @Test func mpiChainsGetTheirOwnColumnsAfterTheProcessChains() {
        var reference = mpiChainRow(speedup: 1)
        reference.backend = nil; reference.ranks = nil; reference.nodes = nil; reference.grid = nil
        reference.algorithm = nil; reference.nodeSplit = nil; reference.workers = 0
        var process = reference
        process.workers = 2; process.transport = .shm; process.planner = .parallel; process.speedup = 1.8
        var auto = mpiChainRow(speedup: 1.7)
        auto.nodeSplit = "auto"; auto.nodes = 1
        let rows = [reference, mpiChainRow(planner: .left, speedup: 1.2), auto, mpiChainRow(speedup: 1.6), process]
        let table = chainSpeedupTable(rows)
        #expect(table.figureNames == ["parallel_w2_t1_shm", "left_summa_r2_t1_rank", "optimal_summa_r2_t1_auto",
                                      "optimal_summa_r2_t1_rank"])
        #expect(table.figures.first?["optimal_summa_r2_t1_rank"]?.value == 1.6)
        #expect(table.keyCells.first?.first == "mixed")
    }

    @Test func theCostEstimateCountsMpirunsStartForAnMPIChain() {
        let process = BenchConfiguration.chain(preset: "mixed", planner: .optimal, workers: 2, threads: 1)
        let mpi = BenchConfiguration.mpiChain(.chainPreset("mixed"), planner: .optimal, launch: summa(), threads: 1)
        let difference = estimatedSeconds(mpi, minReps: 2, minSeconds: 0.35)
            - estimatedSeconds(process, minReps: 2, minSeconds: 0.35)
        #expect(abs(difference - mpirunStartSeconds) < 1e-9, "the same products on 2 ranks as on 2 workers, plus mpirun")
    }
}

@Suite final class MPIChainSweepTests: ScratchSpace {
    @Test func aSweepWithAnMPIChainGridButNoGemmbenchMPIBesideTheBinaryStopsNamingIt() throws {
        let (status, out) = try sweep(suite: chainSuite, in: scratch) { try makeStubBinary(in: $0) }
        #expect(status == 2)
        #expect(!fileExists(out), "nothing is written before the check")
    }

    /// A real sweep: gemmbench measures the one-process `optimal` reference of a
    /// tiny chain, `mpirun -np 2` runs gemmbench-mpi's chain (SUMMA, every rank
    /// its own node, messages over TCP).
    @Test(.timeLimit(.minutes(2)))
    func aRealSweepRunsAnMPIChainOnTwoRanksWithSpeedupAndCI() throws {
        let gemmbench = try #require(gemmbenchExecutable(), "gemmbench must be built next to the tests")
        try #require(isRegularFile(MPILaunch.executable(besideBinary: gemmbench)), "gemmbench-mpi must be built too")
        let suite = """
        min_reps = 2
        rounds = 3
        min_seconds = 0
        max_extra_rounds = 0
        timeout_seconds = 60
        [mpi-chain]
        presets = 48x96x64x80
        planners = optimal
        ranks = 2
        node_split = rank
        mpirun_args = --mca pml ob1 --mca btl self,tcp

        """
        let (status, out) = try sweep(suite: suite, in: scratch) { _ in gemmbench }
        #expect(status == 0)
        let rows = try ResultRow.parseCSV(try readFile("\(out)/latest/raw.csv"), source: "raw.csv")
        #expect(rows.map { BenchConfiguration(row: $0)?.key }
                    == ["chain/48x96x64x80/optimal/w0/t1", "mpi-chain/48x96x64x80/optimal/summa/r2/t1/rank"])
        let mpi = try #require(rows.last)
        #expect(mpi.backend == "mpi" && mpi.ranks == 2 && mpi.nodes == 2 && mpi.grid == "1x2" && mpi.workers == 2)
        #expect(mpi.op == .chain && mpi.dims == [48, 96, 64, 80] && mpi.planner == .optimal)
        #expect(mpi.verdict == .pass && mpi.rounds == 3 && mpi.reps >= 6)
        let speedup = try #require(mpi.speedup)
        #expect(speedup > 0 && mpi.speedupLow != nil && mpi.speedupHigh != nil)
        #expect(mpi.ciLowSeconds != nil && mpi.ciHighSeconds != nil && mpi.noisy != nil)
        #expect(mpi.efficiency.map { abs($0 - speedup / 2) < 1e-3 } == true, "efficiency = speedup ÷ (2 ranks × 1 thread)")
        let table = try CSV.parse(try readFile("\(out)/latest/speedup-chain.csv"), source: "speedup-chain.csv")
        let header = try #require(table.first)
        let column = try #require(header.firstIndex(of: "optimal_summa_r2_t1_rank"))
        #expect(table.count == 2 && table[1].first == "48x96x64x80" && !table[1][column].isEmpty)
        #expect(header.contains("optimal_summa_r2_t1_rank_lo") && header.contains("optimal_summa_r2_t1_rank_hi"))
    }
}
