import ResultRows
import Testing
@testable import Harness
import SystemBoundary
import TestSupport
import Vocabulary

private let mpiSuite = """
min_reps = 2
min_seconds = 0
[mpi]
sizes = 64, 128
ranks = 2, 4
algorithms = summa, pdgemm
threads = 1
mpirun_args = --oversubscribe --mca btl self,tcp

"""

@Suite struct MPISuiteTests {
    @Test func anMPISectionParsesWithItsDefaultsAndKeepsCommasInMpirunArgs() throws {
        let suite = try Suite.parse(text: mpiSuite, path: "m.suite")
        #expect(suite.gemmGrids.isEmpty && suite.chainGrids.isEmpty)
        #expect(suite.mpiGrids == [Suite.MPIGrid(
            problem: .gemm(sizes: [64, 128]),
            launchKeys: Suite.MPILaunchKeys(ranks: [2, 4], algorithms: [.summa, .pdgemm], nodeSplits: [.auto], threads: [1],
                                            grids: nil, mpirunArguments: ["--oversubscribe", "--mca", "btl", "self,tcp"]))])
        let given = try Suite.parse(text: "min_reps = 6\nmin_seconds = 0\n[mpi]\nsizes = 64\nranks = 4\n"
                                    + "node_split = rank, auto\nthreads = 1, 2\ngrid = 02x2, 1x4, 2x2\n", path: "m.suite")
        let grid = try #require(given.mpiGrids.first?.launchKeys)
        #expect(grid.algorithms == [.summa] && grid.nodeSplits == [.rank, .auto] && grid.threads == [1, 2])
        #expect(grid.grids == ["2x2", "1x4"] && grid.mpirunArguments == [])
    }

    @Test(arguments: [
        // (text, line, fragment of the message)
        (mpiSuite.replacing("ranks = 2, 4\n", with: ""), 3, "[mpi] is missing required key 'ranks'"),
        (mpiSuite.replacing("sizes = 64, 128\n", with: ""), 3, "[mpi] is missing required key 'sizes'"),
        (mpiSuite.replacing("ranks = 2, 4", with: "ranks = 0"), 5, "'ranks': '0' is not an integer ≥ 1"),
        (mpiSuite.replacing("summa, pdgemm", with: "summa, cannon"), 6, "unknown value 'cannon' (expected one of: summa, pdgemm, tiles)"),
        (mpiSuite + "node_split = socket\n", 9, "unknown value 'socket' (expected one of: auto, rank)"),
        (mpiSuite + "grid = 2by1\n", 9, "'grid': '2by1' is not PxQ"),
        (mpiSuite + "grid = 0x2\n", 9, "'grid': '0x2' is not PxQ"),
        (mpiSuite + "grid = +1x2\n", 9, "'grid': '+1x2' is not PxQ"),
        // pdgemm needs one grid member per rank; ranks 4 does not fit 1x2.
        (mpiSuite + "grid = 1x2\n", 9, "'grid': 1x2 has 2 members but ranks includes 4"),
        (mpiSuite + "hostfile = nodes.txt\n", 9, "unknown key 'hostfile'"),
        // tiles run in one shared window: no rank-per-node split, no process grid.
        (mpiSuite.replacing("summa, pdgemm", with: "tiles") + "node_split = auto, rank\n", 6, "'algorithms': tiles cannot run with node_split rank"),
        (mpiSuite.replacing("summa, pdgemm", with: "summa, tiles") + "grid = 1x2\n", 9, "'grid': tiles have no process grid"),
    ])
    func malformedMPISectionNamesFileAndLine(text: String, line: Int, fragment: String) throws {
        let error = try #require(parseError(text))
        #expect(error.line == line)
        #expect(error.description.hasPrefix("bad.suite:\(line): "))
        #expect(error.description.contains(fragment), "\(error)")
    }

    @Test func aGridUnderSummaAndNodeSplitAutoCoversNodesSoAnyRankCountIsAccepted() throws {
        let suite = try Suite.parse(text: "min_reps = 6\nmin_seconds = 0\n[mpi]\nsizes = 64\nranks = 2, 4\ngrid = 1x2\n",
                                    path: "m.suite")
        #expect(suite.mpiGrids.first?.launchKeys.grids == ["1x2"])
    }

    @Test func thePlanAddsTheOneProcessReferenceAndOrdersMPIAfterIt() throws {
        let plan = try SweepPlan(suite: try Suite.parse(text: mpiSuite, path: "m.suite"))
        #expect(plan.configurations.map(\.key) == [
            "gemm/n64/blas/w0/t1",
            "mpi/n64/summa/r2/t1/auto", "mpi/n64/summa/r4/t1/auto",
            "mpi/n64/pdgemm/r2/t1/auto", "mpi/n64/pdgemm/r4/t1/auto",
            "gemm/n128/blas/w0/t1",
            "mpi/n128/summa/r2/t1/auto", "mpi/n128/summa/r4/t1/auto",
            "mpi/n128/pdgemm/r2/t1/auto", "mpi/n128/pdgemm/r4/t1/auto",
        ])
        let mpi = try #require(plan.configurations.first { $0.mpi != nil })
        #expect(mpi.reference.key == "gemm/n64/blas/w0/t1" && !mpi.isReference)
        #expect(mpi.columnName == "summa_r2_t1_auto" && mpi.label == "mpi n=64 summa r=2 t=1 auto")
        #expect(mpi.workers == 2 && mpi.transport == nil)
        #expect(plan.mpirunArguments[mpi] == ["--oversubscribe", "--mca", "btl", "self,tcp"])
    }

    @Test func theSweepLaunchesMpirunWithGemmbenchMPIBesideTheBinary() throws {
        let launch = MPILaunch(ranks: 4, algorithm: .pdgemm, nodeSplit: .rank, grid: "2x2")
        let configuration = BenchConfiguration.mpiGemm(n: 256, launch: launch, threads: 2)
        #expect(configuration.key == "mpi/n256/pdgemm/r4/t2/rank/g2x2")
        #expect(configuration.columnName == "pdgemm_r4_t2_rank_g2x2")
        let settings = MeasurementSettings(binary: "/opt/bench/gemmbench", minReps: 3, minSeconds: 0.5, timeoutSeconds: 60,
                                           globalArguments: ["--blas-core", "keep"],
                                           mpirunArguments: [configuration: ["--hostfile", "nodes.txt"]])
        let command = settings.command(for: configuration)
        #expect(command.program == "mpirun")
        #expect(command.arguments == ["--hostfile", "nodes.txt", "-np", "4", "/opt/bench/gemmbench-mpi",
                                      "gemm", "--size", "256", "--algorithm", "pdgemm", "--node-split", "rank",
                                      "--threads", "2", "--grid", "2x2", "--repeat", "3", "--min-time", "0.5",
                                      "--csv", "--samples"])
        #expect(command.environment == (effectiveUserID() == 0 ? MPILaunch.rootEnvironment : [:]))
        // gemmbench's own children keep the global arguments and the current environment.
        let own = settings.command(for: .gemm(n: 256, kernel: .blas, workers: 0, threads: 1))
        #expect(own.program == "/opt/bench/gemmbench" && own.arguments.prefix(3) == ["--blas-core", "keep", "gemm"])
        #expect(own.environment.isEmpty)
    }

    @Test func aFailedLaunchIsReportedByGemmbenchMPIsOwnLineNotMpirunsBox() {
        let result = ChildResult(exit: .exited(2), standardOutput: "",
                                 standardError: "gemmbench-mpi: --grid 2x2 has 4 members but this job has 2 ranks\n"
                                    + "-----\nmpirun detected that one or more processes exited with non-zero status\n-----\n")
        #expect(result.lastErrorLine == "-----")
        #expect(result.lastErrorLine(preferring: "gemmbench-mpi: ") == "gemmbench-mpi: --grid 2x2 has 4 members but this job has 2 ranks")
        #expect(result.lastErrorLine(preferring: "other: ") == "-----")
    }

    @Test func compareReMeasuresMPIRowsWithTheMpirunArgumentsOfTheRecordedSuite() throws {
        var environment = FlatJSONObject()
        environment["min_reps"] = .number("2")
        environment["min_seconds"] = .number("0")
        environment["suite_text"] = .string(mpiSuite)
        let settings = try remeasurementSettings(environment, source: "env.json", binary: "/b/gemmbench", globalArguments: [])
        let launch = MPILaunch(ranks: 2, algorithm: .summa, nodeSplit: .auto, grid: nil)
        let command = settings.command(for: .mpiGemm(n: 64, launch: launch, threads: 1))
        #expect(command.arguments.prefix(6) == ["--oversubscribe", "--mca", "btl", "self,tcp", "-np", "2"])
    }

    @Test func mpiRowsGetTheirOwnPivotColumnAndAreNoCandidateForWorkersAuto() {
        func row(workers: Int, speedup: Double, auto: Bool = false, mpi: Bool = false) -> ResultRow {
            var row = ResultRow(op: .gemm, m: 64, k: 64, n: 64, kernel: .blas, workers: workers, threads: 1, reps: 6,
                                medianSeconds: 1 / speedup, minSeconds: 1, maxSeconds: 1, gflops: 1, speedup: speedup,
                                residual: 0, verdict: .pass, blasCore: "Haswell")
            if auto { row.auto = true }
            if mpi {
                row.backend = "mpi"; row.ranks = workers; row.nodes = 1; row.grid = "1x1"; row.algorithm = "summa"
                row.nodeSplit = "auto"
            }
            return row
        }
        let rows = [row(workers: 0, speedup: 1), row(workers: 2, speedup: 1.8), row(workers: 2, speedup: 1.7, auto: true),
                    row(workers: 2, speedup: 1.9, mpi: true)]
        let table = gemmSpeedupTable(rows)
        #expect(table.figureNames == ["blas_w2_t1_shm", "blas_auto", "summa_r2_t1_auto"])
        #expect(table.figures.first?["summa_r2_t1_auto"]?.value == 1.9)
        // auto (1.7) against gemmbench's best fixed configuration (1.8), not the MPI row's 1.9.
        #expect(autoComparisonTable(rows).rows.first?[4] == "blas_w2_t1_shm")
    }

    @Test func anMPIRowIsRecognisedByItsColumnsAndRoundTripsThroughRawCSV() throws {
        func row(split: String?, grid: String, given: Bool?) -> ResultRow {
            var row = ResultRow(op: .gemm, m: 64, k: 64, n: 64, kernel: .blas, workers: 4, threads: 1, reps: 2,
                                medianSeconds: 1, minSeconds: 1, maxSeconds: 1, gflops: 1, residual: 0, verdict: .pass,
                                blasCore: "Haswell")
            row.backend = "mpi"; row.ranks = 4; row.nodes = 4; row.grid = grid; row.algorithm = "summa"
            row.nodeSplit = split; row.gridGiven = given
            return row
        }
        let chosen = row(split: "rank", grid: "2x2", given: nil)
        let parsed = try ResultRow.parseCSV(ResultRow.csvDocument([chosen]), source: "raw.csv")
        #expect(parsed == [chosen])
        #expect(BenchConfiguration(row: chosen)?.key == "mpi/n64/summa/r4/t1/rank")
        #expect(BenchConfiguration(row: row(split: "rank", grid: "1x4", given: true))?.key == "mpi/n64/summa/r4/t1/rank/g1x4")
        // Without its node split (or with one a suite cannot ask for) an MPI row names no configuration.
        #expect(BenchConfiguration(row: row(split: nil, grid: "2x2", given: nil)) == nil)
        #expect(BenchConfiguration(row: row(split: "2", grid: "2x2", given: nil)) == nil)
        var swift = chosen
        swift.kernel = .swift
        #expect(BenchConfiguration(row: swift) == nil, "a sweep measures MPI with BLAS only")
    }
}

@Suite final class MPISweepTests: ScratchSpace {
    @Test func aSweepWithAnMPIGridButNoGemmbenchMPIBesideTheBinaryStopsNamingIt() throws {
        let (status, out) = try sweep(suite: mpiSuite, in: scratch) { try makeStubBinary(in: $0) }
        #expect(status == 2)
        #expect(!fileExists(out), "nothing is written before the check")
    }

    /// Issue 17, item 14: before, the whole sweep ran and then every MPI row failed.
    @Test func aSweepWithAnMPIGridButNoMpirunOnPATHStopsBeforeAnyWork() throws {
        let directory = makeTemporaryDirectory(under: scratch)
        try writeFile("\(directory)/mpi.suite", mpiSuite)
        let binary = try makeStubBinary(in: directory)
        _ = try makeStubBinary(in: directory, name: MPILaunch.executableName)
        let emptyDirectory = makeTemporaryDirectory(under: scratch)
        var options = SweepOptions(suite: "\(directory)/mpi.suite", outDirectory: "\(directory)/results", binary: binary)
        options.launcherSearchPath = emptyDirectory
        #expect(runSweep(options) == .usageError)
        #expect(!fileExists("\(directory)/results"), "nothing is written before the check")
        #expect(throws: HarnessError.self) { try MPILaunch.requireLauncher(searchPath: emptyDirectory) }
        #expect(throws: HarnessError.self) { try MPILaunch.requireLauncher(searchPath: nil) }
        // A PATH that has it passes.
        try writeFile("\(emptyDirectory)/mpirun", "#!/bin/sh\n", executable: true)
        try MPILaunch.requireLauncher(searchPath: "/nonexistent:" + emptyDirectory)
    }

    /// A real sweep: gemmbench measures the one-process reference, `mpirun -np 2`
    /// runs gemmbench-mpi (SUMMA, every rank its own node, messages over TCP).
    @Test(.timeLimit(.minutes(2)))
    func aRealSweepRunsAnMPIGridOnTwoRanksWithSpeedupAndCI() throws {
        let gemmbench = try #require(gemmbenchExecutable(), "gemmbench must be built next to the tests")
        try #require(isRegularFile(MPILaunch.executable(besideBinary: gemmbench)), "gemmbench-mpi must be built too")
        let suite = """
        min_reps = 2
        rounds = 3
        min_seconds = 0
        max_extra_rounds = 0
        timeout_seconds = 60
        [mpi]
        sizes = 96
        ranks = 2
        node_split = rank
        mpirun_args = --oversubscribe --mca pml ob1 --mca btl self,tcp

        """
        let (status, out) = try sweep(suite: suite, in: scratch) { _ in gemmbench }
        #expect(status == 0)
        let rows = try ResultRow.parseCSV(try readFile("\(out)/latest/raw.csv"), source: "raw.csv")
        #expect(rows.map { BenchConfiguration(row: $0)?.key } == ["gemm/n96/blas/w0/t1", "mpi/n96/summa/r2/t1/rank"])
        let mpi = try #require(rows.last)
        #expect(mpi.backend == "mpi" && mpi.ranks == 2 && mpi.nodes == 2 && mpi.grid == "1x2" && mpi.workers == 2)
        #expect(mpi.verdict == .pass && mpi.rounds == 3 && mpi.reps >= 6)
        let speedup = try #require(mpi.speedup)
        #expect(speedup > 0 && mpi.speedupLow != nil && mpi.speedupHigh != nil)
        #expect(mpi.ciLowSeconds != nil && mpi.ciHighSeconds != nil)
        #expect(mpi.efficiency.map { abs($0 - speedup / 2) < 1e-3 } == true, "efficiency = speedup ÷ (2 ranks × 1 thread)")
        let table = try CSV.parse(try readFile("\(out)/latest/speedup-gemm.csv"), source: "speedup-gemm.csv")
        let header = try #require(table.first)
        let column = try #require(header.firstIndex(of: "summa_r2_t1_rank"))
        #expect(table.count == 2 && !table[1][column].isEmpty)
    }
}
