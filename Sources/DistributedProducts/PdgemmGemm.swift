import CMPI
import GemmCore
import MPIWrapper
import Vocabulary

/// The peer: ScaLAPACK's PDGEMM on the same ranks, sizes and verification.
///
/// BLACS arranges the world's ranks in a P×Q grid ("Row" order: rank r at
/// row r / Q, column r % Q, as `ProcessGrid`); A, B and C are block-cyclic in
/// `blockSize`×`blockSize` blocks from process (0, 0), stored column-major as
/// ScaLAPACK wants. Elements are the single-process run's (`ElementGenerator`).
public final class PdgemmGemm {
    /// ScaLAPACK's block size: 64 is the size its own timing drivers and most
    /// tuning guides start from, large enough for full-speed local dgemm calls,
    /// small enough to balance n = 1000 on 4 ranks.
    public static let blockSize: Int32 = 64

    public let grid: ProcessGrid
    let m: Int32, k: Int32, n: Int32
    var context: Int32 = 0
    let myRow: Int32, myCol: Int32
    var descA = [Int32](repeating: 0, count: 9)
    var descB = [Int32](repeating: 0, count: 9)
    var descC = [Int32](repeating: 0, count: 9)
    let a: LocalArray, b: LocalArray, c: LocalArray

    /// A process's column-major piece of a block-cyclic matrix.
    struct LocalArray {
        let rows: Int, cols: Int, leadingDimension: Int
        let storage: UnsafeMutablePointer<Double>
        /// Global rows (cols) of the whole matrix and this process's grid row (col).
        let globalRowCount: Int, globalColCount: Int
        let gridRow: Int, gridRows: Int, gridCol: Int, gridCols: Int

        /// The global index of local index `local` (block-cyclic from process 0).
        static func global(_ local: Int, process: Int, processes: Int) -> Int {
            let block = Int(PdgemmGemm.blockSize)
            return (local / block) * processes * block + process * block + local % block
        }

        /// One `DistributedBlock` per blockSize×blockSize local block.
        var blocks: [DistributedBlock] {
            let block = Int(PdgemmGemm.blockSize)
            var result: [DistributedBlock] = []
            for li in stride(from: 0, to: rows, by: block) {
                for lj in stride(from: 0, to: cols, by: block) {
                    result.append(DistributedBlock(
                        rowStart: Self.global(li, process: gridRow, processes: gridRows),
                        colStart: Self.global(lj, process: gridCol, processes: gridCols),
                        rows: min(block, rows - li), cols: min(block, cols - lj),
                        base: storage + li + lj * leadingDimension, rowStride: 1, colStride: leadingDimension))
                }
            }
            return result
        }
    }

    /// Collective on the world: BLACS grid, descriptors, local arrays filled.
    /// - Precondition: grid.count == the world's size, every dimension < 2³¹.
    public init(m: Int, k: Int, n: Int, grid: ProcessGrid, seed: UInt64) throws(MPIError) {
        self.grid = grid
        self.m = Int32(m); self.k = Int32(k); self.n = Int32(n)
        var context: Int32 = 0
        Cblacs_get(-1, 0, &context)
        Cblacs_gridinit(&context, "Row", Int32(grid.rows), Int32(grid.cols))
        var rows: Int32 = 0, cols: Int32 = 0, myRow: Int32 = 0, myCol: Int32 = 0
        Cblacs_gridinfo(context, &rows, &cols, &myRow, &myCol)
        guard rows == grid.rows, cols == grid.cols else {
            throw MPIError(call: "Cblacs_gridinit", code: MPI_ERR_TOPOLOGY)
        }
        self.context = context
        self.myRow = myRow
        self.myCol = myCol

        func local(_ globalRows: Int32, _ globalCols: Int32, desc: inout [Int32]) throws(MPIError) -> LocalArray {
            var block = PdgemmGemm.blockSize, zero: Int32 = 0
            var gridRows = Int32(grid.rows), gridCols = Int32(grid.cols)
            var row = myRow, col = myCol
            var globalRows = globalRows, globalCols = globalCols
            let localRows = numroc_(&globalRows, &block, &row, &zero, &gridRows)
            let localCols = numroc_(&globalCols, &block, &col, &zero, &gridCols)
            var leading = max(localRows, 1)
            var info: Int32 = 0
            descinit_(&desc, &globalRows, &globalCols, &block, &block, &zero, &zero, &context, &leading, &info)
            guard info == 0 else { throw MPIError(call: "descinit_ (argument \(-info))", code: MPI_ERR_ARG) }
            let count = max(Int(leading) * Int(localCols), 1)
            let storage = UnsafeMutableRawPointer.allocate(byteCount: 8 * count, alignment: 64)
                .initializeMemory(as: Double.self, repeating: 0, count: count)
            return LocalArray(rows: Int(localRows), cols: Int(localCols), leadingDimension: Int(leading),
                              storage: storage, globalRowCount: Int(globalRows), globalColCount: Int(globalCols),
                              gridRow: Int(myRow), gridRows: grid.rows, gridCol: Int(myCol), gridCols: grid.cols)
        }
        a = try local(Int32(m), Int32(k), desc: &descA)
        b = try local(Int32(k), Int32(n), desc: &descB)
        c = try local(Int32(m), Int32(n), desc: &descC)
        for block in a.blocks { ElementGenerator(seed: seed, cols: k).fill(block) }
        for block in b.blocks { ElementGenerator(seed: seed &+ 1, cols: n).fill(block) }
    }

    /// Bytes of A, B and C's local arrays on world rank `rank` (BLACS "Row"
    /// order: grid row rank / Q, column rank % Q): what the memory check counts.
    public static func localBytes(m: Int, k: Int, n: Int, grid: ProcessGrid, rank: Int) -> Int {
        func local(_ rows: Int, _ cols: Int) -> Int {
            var block = blockSize, zero: Int32 = 0
            var gridRows = Int32(grid.rows), gridCols = Int32(grid.cols)
            var row = Int32(grid.row(of: rank)), col = Int32(grid.col(of: rank))
            var globalRows = Int32(rows), globalCols = Int32(cols)
            let localRows = numroc_(&globalRows, &block, &row, &zero, &gridRows)
            let localCols = numroc_(&globalCols, &block, &col, &zero, &gridCols)
            return 8 * max(Int(max(localRows, 1)) * Int(localCols), 1)
        }
        return local(m, k) + local(k, n) + local(m, n)
    }

    /// This rank's blocks of A, B and C in global coordinates.
    public var localBlocks: (a: [DistributedBlock], b: [DistributedBlock], c: [DistributedBlock]) {
        (a.blocks, b.blocks, c.blocks)
    }

    /// One product C = A·B. The corresponding ScaLAPACK routine is `pdgemm_`.
    /// It blocks until every rank of the grid has taken part, so a stopped
    /// rank is caught only by the watchdog's thread (`JobWatchdog`).
    public func multiply() {
        JobWatchdog.beat(.pdgemmProduct)
        var alpha = 1.0, beta = 0.0, one: Int32 = 1
        var m = self.m, n = self.n, k = self.k
        pdgemm_("N", "N", &m, &n, &k, &alpha, a.storage, &one, &one, &descA,
                b.storage, &one, &one, &descB, &beta, c.storage, &one, &one, &descC)
    }

    /// Releases the BLACS grid and the local arrays.
    public func free() {
        Cblacs_gridexit(context)
        for array in [a, b, c] { array.storage.deallocate() }
    }
}
