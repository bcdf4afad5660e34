import GemmCore
import ResultRows
import Testing
@testable import gemmbench_mpi
import DistributedProducts
import Vocabulary

/// `gemm`'s options, parsed alike on every rank before any message is sent.
@Suite("gemmbench-mpi options")
struct OptionsTests {
    @Test("defaults: summa, node split auto, grid chosen later, 1 thread")
    func defaults() throws {
        let options = try MPIGemmOptions.parse(["--size", "64"], worldSize: 2)
        #expect(options.m == 64 && options.k == 64 && options.n == 64)
        #expect(options.run.algorithm == .summa && options.run.nodeSplit == .auto && options.run.grid == nil && options.run.threads == 1)
    }

    @Test("every option lands where it belongs")
    func everyOption() throws {
        let options = try MPIGemmOptions.parse(
            ["--m", "3", "--k", "4", "--n", "5", "--threads", "2", "--repeat", "7", "--min-time", "0.5",
             "--warmup", "0", "--csv", "--grid", "2x3", "--algorithm", "pdgemm", "--node-split=rank",
             "--kernel", "blas"], worldSize: 6)
        let run = options.run
        #expect(options.m == 3 && options.k == 4 && options.n == 5 && run.threads == 2)
        #expect(run.repetition.minRepetitions == 7 && run.repetition.minSeconds == 0.5 && run.repetition.warmups == 0)
        #expect(run.csv && !run.samples && run.grid == ProcessGrid(rows: 2, cols: 3))
        #expect(try MPIGemmOptions.parse(["--size", "4", "--csv", "--samples"], worldSize: 2).run.samples)
        #expect(run.algorithm == .pdgemm && run.nodeSplit == .rank)
        let grouped = try MPIGemmOptions.parse(["--size", "8", "--node-split", "2", "--kernel", "naive"], worldSize: 4)
        #expect(grouped.run.nodeSplit == .groups(2) && grouped.run.kernel == .naive)
    }

    @Test("mistakes are usage errors that name the argument", arguments: [
        (["--size", "0"], "--size 0 must be at least 1"),
        (["--size", "x"], "--size x is not a whole number"),
        (["--size", "4", "--m", "4"], "not both"),
        (["--m", "4", "--k", "4"], "missing --n"),
        ([], "gemm needs --size"),
        (["--size", "4", "--grid", "2y2"], "--grid 2y2 is not PxQ"),
        (["--size", "4", "--algorithm", "cannon"], "--algorithm cannon is not one of summa|pdgemm"),
        (["--size", "4", "--node-split", "socket"], "--node-split socket is not auto, rank or a whole number"),
        (["--size", "4", "--node-split", "0"], "--node-split 0 is not auto, rank or a whole number"),
        (["--size", "4", "--workers", "2"], "--workers does not apply to gemmbench-mpi: ranks come from mpirun -np"),
        (["--size", "4", "--split=2x1"], "--split needs --algorithm tiles (summa's grid is --grid PxQ)"),
        (["--size", "4", "--bogus"], "unknown option --bogus"),
        (["--size", "4", "--kernel", "fast"], "--kernel fast is not one of blas|swift|naive"),
        (["--size", "4", "--kernel", "swift", "--algorithm", "pdgemm"], "--kernel swift needs --algorithm summa"),
        (["--size", "4", "stray"], "unexpected argument 'stray'"),
        (["--size", "4", "--grid", "2x2", "--node-split", "rank"], "--grid 2x2 has 4 members but this job has 2 ranks"),
        (["--size", "4", "--grid", "1x1", "--algorithm", "pdgemm"], "--grid 1x1 has 1 members but this job has 2 ranks"),
        (["--size", "3000000000"], "is larger than"),
        // Issue 19: gemmbench's bound (2^24), not Int32.max: one problem parser for both executables.
        (["--size", "16777217"], "--size 16777217 is larger than 16777216"),
        (["--m", "4", "--k", "16777217", "--n", "4"], "--k 16777217 is larger than 16777216"),
        (["--size", "4", "--samples"], "--samples needs --csv"),
        // Issue 17: the shared parser refuses repeats and out-of-range numbers for gemmbench-mpi too.
        (["--size", "64", "--size", "32"], "--size is given more than once"),
        (["--size", "4", "--csv", "--csv"], "--csv is given more than once"),
        (["--size", "99999999999999999999999"], "--size 99999999999999999999999 is too large"),
        (["--size", "4", "--repeat", "10001"], "--repeat 10001 is more than 10000"),
        (["--size", "4", "--min-time", "1e308"], "--min-time"),
        (["--size", "4", "--warmup", "101"], "--warmup 101 is more than 100"),
    ])
    func usageErrors(arguments: [String], message: String) {
        #expect(throws: MPIUsageError.self) { try MPIGemmOptions.parse(arguments, worldSize: 2) }
        do {
            _ = try MPIGemmOptions.parse(arguments, worldSize: 2)
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test("with --node-split auto the grid counts nodes, so it is checked once they are known")
    func autoGridWaitsForNodes() throws {
        let options = try MPIGemmOptions.parse(["--size", "4", "--grid", "2x2"], worldSize: 2)
        #expect(options.run.grid == ProcessGrid(rows: 2, cols: 2))
        #expect(throws: MPIUsageError.self) { try MPIRunOptions.checkGrid(ProcessGrid(rows: 2, cols: 2), members: 1, what: "node") }
    }

    @Test("chain: --dims or --preset, planners that use the whole grid, SUMMA only")
    func chainOptions() throws {
        let preset = try MPIChainOptions.parse(["--preset", "mixed", "--planner", "left", "--seed", "7"], worldSize: 2)
        #expect(preset.dims == [2000, 500, 3000, 200, 2500, 1000, 150, 2000, 800] && preset.presetName == "mixed")
        #expect(preset.planner == .left && preset.seed == 7)
        let parallel = try MPIChainOptions.parse(["--dims", "3,4,5", "--planner", "parallel"], worldSize: 2)
        #expect(parallel.planner == .parallel && parallel.run.algorithm == .summa, "SUMMA runs the parallel planner on sub-grids")
        let longest = try MPIChainOptions.parse(["--dims", Array(repeating: "2", count: 65).joined(separator: ",")], worldSize: 2)
        #expect(longest.dims.count == 65, "64 factors, the most gemmbench chain takes too")
        let dims = try MPIChainOptions.parse(["--dims", "3,4,5", "--node-split", "rank"], worldSize: 2)
        #expect(dims.dims == [3, 4, 5] && dims.planner == .optimal && dims.run.nodeSplit == .rank)
        for (arguments, message) in [
            (["--dims", "3,4"], "at least three"),
            (["--dims", "3,x,4"], "'x' is not a whole number"),
            (["--preset", "tall"], "--preset tall is not one of square|mixed|skinny"),
            (["--dims", "3,4,5", "--preset", "mixed"], "only one of"),
            ([], "chain needs --dims"),
            (["--dims", "3,4,5", "--algorithm", "pdgemm"], "chain runs on summa|tiles only"),
            // Issue 19: the limits gemmbench chain has, from the one problem parser.
            (["--dims", "4,16777217,4"], "--dims 16777217 is larger than 16777216"),
            (["--dims", Array(repeating: "2", count: 66).joined(separator: ",")], "--dims has 65 factors; at most 64 are supported"),
        ] {
            do {
                _ = try MPIChainOptions.parse(arguments, worldSize: 2)
                Issue.record("\(arguments) accepted")
            } catch {
                #expect(error.description.contains(message), "\(arguments): \(error.description)")
            }
        }
    }

    @Test("--algorithm tiles: transport and split land; ranks are the workers")
    func tilesOptions() throws {
        let gemm = try MPIGemmOptions.parse(["--size", "64", "--algorithm", "tiles", "--transport", "message",
                                             "--split", "2x3", "--node-split", "rank", "--task-timeout", "0.5"], worldSize: 2)
        #expect(gemm.run.algorithm == .tiles && gemm.run.transport == .message && gemm.split == GridShape(rows: 2, cols: 3))
        #expect(gemm.run.replyTimeout == .seconds(0.5))
        let defaults = try MPIGemmOptions.parse(["--size", "64", "--algorithm", "tiles"], worldSize: 2)
        #expect(defaults.run.transport == .shm && defaults.split == nil)
        // One rank is one node, shared window or not.
        #expect(try MPIGemmOptions.parse(["--size", "8", "--algorithm", "tiles", "--node-split", "rank"], worldSize: 1).run.transport == .shm)
        let chain = try MPIChainOptions.parse(["--dims", "3,4,5", "--algorithm", "tiles", "--planner", "parallel"], worldSize: 2)
        #expect(chain.planner == .parallel && chain.run.algorithm == .tiles)
    }

    @Test("--task-timeout is every algorithm's: SUMMA's and PDGEMM's progress deadline, tiles' reply timeout")
    func taskTimeoutForEveryAlgorithm() throws {
        for algorithm in ["summa", "pdgemm"] {
            let given = try MPIGemmOptions.parse(["--size", "64", "--algorithm", algorithm, "--task-timeout", "2.5"], worldSize: 2)
            #expect(given.run.progressDeadline == .seconds(2.5) && given.run.replyTimeout == .scaledToTask, "\(algorithm)")
            let unset = try MPIGemmOptions.parse(["--size", "64", "--algorithm", algorithm], worldSize: 2)
            #expect(unset.run.progressDeadline == .scaledToProblem, "\(algorithm)")
        }
        let chain = try MPIChainOptions.parse(["--dims", "3,4,5", "--task-timeout", "3"], worldSize: 2)
        #expect(chain.run.progressDeadline == .seconds(3))
        let tiles = try MPIGemmOptions.parse(["--size", "64", "--algorithm", "tiles", "--task-timeout", "4"], worldSize: 2)
        #expect(tiles.run.replyTimeout == .seconds(4) && tiles.run.progressDeadline == .scaledToProblem)
    }

    @Test("--algorithm tiles: options that belong to another algorithm or need one node are refused", arguments: [
        (["--size", "4", "--transport", "message"], "--transport needs --algorithm tiles"),
        (["--size", "4", "--task-timeout", "0"], "--task-timeout 0 is not a positive number"),
        (["--size", "4", "--algorithm", "tiles", "--task-timeout", "0"], "--task-timeout 0 is not a positive number"),
        (["--size", "4", "--algorithm", "tiles", "--grid", "1x2"], "--grid 1x2 is SUMMA's and PDGEMM's process grid"),
        (["--size", "4", "--algorithm", "tiles", "--node-split", "rank"], "--transport shm needs every rank on one node"),
        (["--size", "4", "--algorithm", "tiles", "--transport", "shm", "--node-split", "rank"], "but this job has 2 nodes: use --transport message"),
        (["--size", "4", "--algorithm", "tiles", "--split", "5x1"], "--split 5x1 has more tiles than the 4x4 result"),
        (["--size", "4", "--algorithm", "tiles", "--split", "two"], "--split two is not RxC"),
        (["--size", "4", "--algorithm", "tiles", "--workers", "2"], "every rank, rank 0 included, is a worker"),
    ])
    func tilesRefusals(arguments: [String], message: String) {
        do {
            _ = try MPIGemmOptions.parse(arguments, worldSize: 2)
            Issue.record("\(arguments) accepted")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
        do {
            _ = try MPIChainOptions.parse(["--dims", "3,4,5", "--algorithm", "tiles", "--kernel", "swift"], worldSize: 2)
            Issue.record("a chain of tiles with the swift kernel accepted")
        } catch {
            #expect(error.description.contains("--kernel swift needs --algorithm summa"), "\(error.description)")
        }
    }

    @Test("CSV: a gemmbench-mpi row is a ResultRow under gemmbench's header, its MPI columns filled, and reads back")
    func csvColumns() throws {
        let options = try MPIGemmOptions.parse(["--size", "8", "--grid", "1x2", "--node-split", "rank", "--csv", "--samples"],
                                               worldSize: 2)
        let measurement = MPIMeasurement(ranks: 2, nodes: 2, grid: ProcessGrid(rows: 1, cols: 2),
                                         stats: TimingStats(samples: [0.25, 0.5]),
                                         verification: .init(residual: 0.125, detectionLimit: 1e-13, seconds: 0.5),
                                         flops: 1024)
        let row = ResultRow(MPIGemmResult(options: options, measurement: measurement, panelWidth: nil), blasCore: "Haswell")
        let gemm = ResultRow(op: .gemm, m: 8, k: 8, n: 8, kernel: .blas, workers: 0, threads: 1, reps: 1,
                             medianSeconds: 1, minSeconds: 1, maxSeconds: 1, gflops: 1, residual: 0.1,
                             verdict: .pass, blasCore: "Haswell")
        let mpiLines = ResultRow.csvDocument([row], includeSamples: true).split(separator: "\n")
        #expect(mpiLines[0] == ResultRow.csvDocument([gemm], includeSamples: true).split(separator: "\n")[0],
                "gemmbench-mpi's header is gemmbench's")
        let cells = Dictionary(uniqueKeysWithValues: zip(mpiLines[0].split(separator: ",", omittingEmptySubsequences: false),
                                                         mpiLines[1].split(separator: ",", omittingEmptySubsequences: false)))
        #expect(cells["workers"] == "2" && cells["backend"] == "mpi" && cells["ranks"] == "2" && cells["nodes"] == "2")
        #expect(cells["grid"] == "1x2" && cells["algorithm"] == "summa" && cells["node_split"] == "rank")
        #expect(cells["grid_given"] == "yes" && cells["detect_rel"] == "1e-13" && cells["samples_s"] == "0.25 0.5")
        let reread = try ResultRow.parseCSV(ResultRow.csvDocument([row], includeSamples: true), source: "mpi.csv",
                                            identifiedBy: { _ -> String? in nil })
        #expect(reread == [row])
    }
}
