import ResultRows
import Testing
import Vocabulary

/// Every column written and read back through the one table (`ResultColumn`):
/// a field the writer drops, or a reader that does not undo its writer, fails here.
@Suite struct ColumnRoundTripTests {
    /// A row with every column set, each to a value that is not its empty cell.
    static let everyColumnSet: ResultRow = {
        var row = ResultRow(op: .chain, m: 11, k: 12, n: 13, dims: [30, 20, 40, 10], kernel: .swift, workers: 3,
                            threads: 2, transport: .message, split: "3x1", planner: .parallel, reps: 7,
                            medianSeconds: 0.25, minSeconds: 0.125, maxSeconds: 0.5, gflops: 12.5, speedup: 1.75,
                            residual: 0.0625, verdict: .pass, blasCore: "Haswell", preset: "mixed")
        row.rounds = 5; row.ciLowSeconds = 0.2; row.ciHighSeconds = 0.3
        row.speedupLow = 1.5; row.speedupHigh = 2; row.efficiency = 0.2917; row.percentOfPeak = 41.5
        row.noisy = false; row.stealPercent = 0.75; row.bind = "cores"; row.auto = true
        row.backend = ResultRow.mpiBackend; row.ranks = 3; row.nodes = 1; row.grid = "1x3"
        row.algorithm = "summa"; row.nodeSplit = "auto"; row.gridGiven = true
        row.coreRoundTripNs = 412.5; row.detectionLimit = 5.4e-11; row.checkSeconds = 0.0021
        row.blasLibrary = "/opt/blis/libblis.so.4"; row.blasVersion = "0.9.0"
        row.samples = [0.25, 0.125, 0.5]
        return row
    }()

    static func read(_ text: String) throws -> [ResultRow] {
        try ResultRow.parseCSV(text, source: "t.csv", identifiedBy: { _ -> String? in nil })
    }

    @Test("every column of the table is filled by the fixture: a new column must be added to it")
    func fixtureCoversEveryColumn() {
        let cells = Self.everyColumnSet.cells
        #expect(cells.count == ResultRow.columns.count)
        for (name, cell) in zip(ResultRow.columns, cells) { #expect(!cell.isEmpty, "column \(name) is empty") }
    }

    @Test("write → read gives the same row, samples included")
    func everyColumnRoundTrips() throws {
        let row = Self.everyColumnSet
        #expect(try Self.read(ResultRow.csvDocument([row], includeSamples: true)) == [row])
        var withoutSamples = row
        withoutSamples.samples = nil
        #expect(try Self.read(ResultRow.csvDocument([row])) == [withoutSamples])
    }

    /// One column at a time on an otherwise bare row: each reader sets its own
    /// field, not a neighbour's.
    @Test("each column alone round-trips into its own field", arguments: ResultColumn.written.map(\.name))
    func oneColumnRoundTrips(name: String) throws {
        let full = Self.everyColumnSet
        let bare = try #require(try Self.read(ResultRow.csvDocument([Self.bareRow])).first)
        let index = try #require(ResultRow.columns.firstIndex(of: name))
        var cells = bare.cells
        cells[index] = full.cells[index]
        let text = ResultRow.columns.joined(separator: ",") + "\n"
            + cells.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\n"
        let reread = try #require(try Self.read(text).first)
        #expect(reread.cells[index] == full.cells[index])
        for (other, cell) in zip(ResultRow.columns, reread.cells) where other != name {
            #expect(cell == bare.cells[ResultRow.columns.firstIndex(of: other)!], "\(name) changed \(other)")
        }
    }

    static let bareRow = ResultRow(op: .gemm, workers: 0, threads: 1, reps: 1, medianSeconds: 1, minSeconds: 1,
                                   maxSeconds: 1, gflops: 1, residual: 1, verdict: .fail, blasCore: "")

    @Test("the header is the contract's, byte for byte")
    func headerIsPinned() {
        #expect(ResultRow.csvDocument([]) ==
            "op,m,k,n,dims,kernel,workers,threads,transport,split,planner,reps,median_s,min_s,max_s,gflops,speedup,"
            + "residual,verdict,blas_core,preset,rounds,ci_lo_s,ci_hi_s,speedup_lo,speedup_hi,efficiency,pct_peak,"
            + "noisy,steal_pct,bind,auto,backend,ranks,nodes,grid,algorithm,node_split,grid_given,core_rt_ns,"
            + "detect_rel,check_s,blas_library,blas_version\n")
        #expect(ResultRow.csvDocument([], includeSamples: true).hasSuffix(",blas_version,samples_s\n"))
        #expect(ResultColumn.core.count == 20 && ResultColumn.extensions.first?.name == "preset")
        #expect(Set(ResultRow.columns + [ResultRow.samplesColumn]).count == ResultRow.columns.count + 1)
    }

    @Test("a gemm row and an MPI row share the header and quoting")
    func mpiAndGemmRowsShareTheHeader() throws {
        var gemm = ResultRow(op: .gemm, m: 8, k: 8, n: 8, kernel: .blas, workers: 2, threads: 1, transport: .shm,
                             split: "2x1", reps: 3, medianSeconds: 0.5, minSeconds: 0.4, maxSeconds: 0.6, gflops: 1,
                             residual: 0.5, verdict: .pass, blasCore: "Core, \"odd\"")
        gemm.backend = "process"; gemm.algorithm = "tiles"
        var mpi = gemm
        mpi.transport = nil; mpi.split = nil
        mpi.backend = ResultRow.mpiBackend; mpi.ranks = 2; mpi.nodes = 2; mpi.grid = ResultRow.noGrid
        mpi.algorithm = "tiles"; mpi.nodeSplit = "rank"; mpi.gridGiven = nil
        let gemmLines = ResultRow.csvDocument([gemm]).split(separator: "\n")
        let mpiLines = ResultRow.csvDocument([mpi]).split(separator: "\n")
        #expect(gemmLines[0] == mpiLines[0])
        #expect(mpiLines[1].contains(",\"Core, \"\"odd\"\"\","), "quoted as gemmbench quotes: \(mpiLines[1])")
        #expect(try Self.read(ResultRow.csvDocument([gemm, mpi])) == [gemm, mpi])
    }
}
