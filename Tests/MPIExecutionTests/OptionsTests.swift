import Harness
import Testing
@testable import MPIExecution

/// `gemm`'s options, parsed alike on every rank before any message is sent.
@Suite("gemmbench-mpi options")
struct OptionsTests {
    @Test("defaults: summa, node split auto, grid chosen later, 1 thread")
    func defaults() throws {
        let options = try MPIGemmOptions.parse(["--size", "64"], worldSize: 2)
        #expect(options.m == 64 && options.k == 64 && options.n == 64)
        #expect(options.algorithm == .summa && options.nodeSplit == .auto && options.grid == nil && options.threads == 1)
    }

    @Test("every option lands where it belongs")
    func everyOption() throws {
        let options = try MPIGemmOptions.parse(
            ["--m", "3", "--k", "4", "--n", "5", "--threads", "2", "--repeat", "7", "--min-time", "0.5",
             "--warmup", "0", "--csv", "--grid", "2x3", "--algorithm", "pdgemm", "--node-split=rank"], worldSize: 6)
        #expect(options.m == 3 && options.k == 4 && options.n == 5 && options.threads == 2)
        #expect(options.repetition.minRepetitions == 7 && options.repetition.minSeconds == 0.5 && options.repetition.warmups == 0)
        #expect(options.csv && options.grid == ProcessGrid(rows: 2, cols: 3))
        #expect(options.algorithm == .pdgemm && options.nodeSplit == .rank)
    }

    @Test("mistakes are usage errors that name the argument", arguments: [
        (["--size", "0"], "--size 0 must be at least 1"),
        (["--size", "x"], "--size x is not a whole number"),
        (["--size", "4", "--m", "4"], "not both"),
        (["--m", "4", "--k", "4"], "missing --n"),
        ([], "gemm needs --size"),
        (["--size", "4", "--grid", "2y2"], "--grid 2y2 is not PxQ"),
        (["--size", "4", "--algorithm", "cannon"], "--algorithm cannon is not one of summa|pdgemm"),
        (["--size", "4", "--node-split", "socket"], "--node-split socket is not one of auto|rank"),
        (["--size", "4", "--workers", "2"], "unknown option --workers"),
        (["--size", "4", "stray"], "unexpected argument 'stray'"),
        (["--size", "4", "--grid", "2x2", "--node-split", "rank"], "--grid 2x2 has 4 members but this job has 2 ranks"),
        (["--size", "4", "--grid", "1x1", "--algorithm", "pdgemm"], "--grid 1x1 has 1 members but this job has 2 ranks"),
        (["--size", "3000000000"], "is larger than"),
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
        #expect(options.grid == ProcessGrid(rows: 2, cols: 2))
        #expect(throws: MPIUsageError.self) { try MPIGemmOptions.checkGrid(ProcessGrid(rows: 2, cols: 2), members: 1, what: "node") }
    }

    @Test("CSV: every contract column once, then backend, ranks, nodes, grid, algorithm filled by name")
    func csvColumns() {
        let columns = MPIResultRow.columns
        #expect(Set(columns).count == columns.count, "a column appears twice: \(columns)")
        #expect(Array(columns.prefix(ResultRow.columns.count)) == ResultRow.columns)
        for name in MPIResultRow.extensionColumns { #expect(columns.contains(name)) }
    }
}
