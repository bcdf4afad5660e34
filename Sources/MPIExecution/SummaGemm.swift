import CMPI
import GemmCore

/// C = A·B with SUMMA across nodes and a shared window within each node.
///
/// The node grid is `plan.grid` (one member per node). Each node keeps its
/// blocks of A, B and C, and two buffers for each of A's and B's panels, in
/// one `SharedWindow`. Per panel, the node leaders broadcast A's panel along
/// their grid row and B's down their grid column (`MPI_Ibcast`); every rank of
/// the node then multiplies its own rows of the node's C block in place:
///
///     C[rows_r, :] += A_panel[rows_r, :] · B_panel
///
/// Double buffering: the broadcast of panel s+1 runs while panel s is being
/// multiplied; the leader calls `MPI_Test` between row chunks of its product,
/// because Open MPI moves a non-blocking collective forward only inside MPI
/// calls. A panel the node owns is used where it lies, never copied.
///
/// With one node (`--node-split auto` on one machine) the grid is 1×1, the
/// whole k is one panel and nothing is sent: each rank multiplies its rows of
/// the shared operands, as the worker pool does in its arena.
public final class SummaGemm {
    /// Row chunks per local product while a broadcast is in flight: each chunk
    /// boundary is one `MPI_Test`. Four keeps chunks ≥ 128 rows at n ≥ 1024
    /// (full dgemm speed) while polling often enough to keep TCP streaming.
    static let progressChunks = 4

    public let plan: SummaPlan
    let topology: NodeTopology
    let window: SharedWindow
    /// This node's place in the grid.
    let gridRow: Int, gridCol: Int
    /// Along the grid row / down the grid column, among leaders only.
    let rowComm: Communicator?, colComm: Communicator?
    /// The node's blocks (in the window, shared by the node's ranks).
    let a: MatrixView, b: MatrixView, c: MatrixView
    /// Two receive buffers per operand (empty on a 1×1 grid).
    let aBuffers: [UnsafeMutablePointer<Double>], bBuffers: [UnsafeMutablePointer<Double>]
    /// Rows of the node's C block this rank computes, and rows of B it filled.
    let ownRows: Range<Int>, ownBRows: Range<Int>

    /// Collective on the world: splits row/column communicators, allocates the
    /// window and fills this rank's share of A and B (the single-process run's
    /// values, see `ElementGenerator`).
    public init(m: Int, k: Int, n: Int, grid: ProcessGrid, topology: NodeTopology,
                model: PanelCostModel = .default, seed: UInt64) throws(MPIError) {
        precondition(grid.count == topology.nodeCount, "grid \(grid) for \(topology.nodeCount) nodes")
        self.topology = topology
        gridRow = grid.row(of: topology.nodeIndex)
        gridCol = grid.col(of: topology.nodeIndex)
        let probe = SummaPlan(m: m, k: k, n: n, grid: grid, width: max(k, 1))
        let blockRows = probe.rows.count(gridRow), blockCols = probe.cols.count(gridCol)
        plan = SummaPlan(m: m, k: k, n: n, grid: grid,
                         width: model.width(k: k, blockRows: blockRows, blockCols: blockCols, grid: grid))
        rowComm = try topology.leaders?.split(color: gridRow, key: gridCol)
        colComm = try topology.leaders?.split(color: gridCol, key: gridRow)

        let aCols = plan.kOfA.count(gridCol), bRows = plan.kOfB.count(gridRow)
        let aLayout = (count: blockRows * aCols, ld: max(aCols, 1))
        let bLayout = (count: bRows * blockCols, ld: max(blockCols, 1))
        let cCount = blockRows * blockCols
        let panelCounts = grid.count > 1 ? (a: blockRows * plan.width, b: plan.width * blockCols) : (a: 0, b: 0)
        var offsets: [Int] = []
        var capacity = 0
        for count in [aLayout.count, bLayout.count, cCount, panelCounts.a, panelCounts.a, panelCounts.b, panelCounts.b] {
            offsets.append(capacity)
            capacity += SharedWindow.regionBytes(doubles: count)
        }
        window = try SharedWindow(capacity: capacity, node: topology.node)
        a = MatrixView(base: window.doubles(at: offsets[0], count: aLayout.count), rows: blockRows, cols: aCols, leadingDimension: aLayout.ld)
        b = MatrixView(base: window.doubles(at: offsets[1], count: bLayout.count), rows: bRows, cols: blockCols, leadingDimension: bLayout.ld)
        c = MatrixView(base: window.doubles(at: offsets[2], count: cCount), rows: blockRows, cols: blockCols, leadingDimension: max(blockCols, 1))
        aBuffers = [window.doubles(at: offsets[3], count: panelCounts.a), window.doubles(at: offsets[4], count: panelCounts.a)]
        bBuffers = [window.doubles(at: offsets[5], count: panelCounts.b), window.doubles(at: offsets[6], count: panelCounts.b)]

        let node = topology.node
        ownRows = BlockPartition(total: blockRows, parts: node.size).range(node.rank)
        ownBRows = BlockPartition(total: bRows, parts: node.size).range(node.rank)
        // Each rank first-touches the rows it will compute with (NUMA).
        let own = localBlocks
        ElementGenerator(seed: seed, cols: k).fill(own.a)
        ElementGenerator(seed: seed &+ 1, cols: n).fill(own.b)
        c.block(rowStart: ownRows.lowerBound, rowCount: ownRows.count, colStart: 0, colCount: c.cols).fill(0)
        try window.synchronize()
    }

    /// This rank's share of A, B and C in global coordinates: its rows of the
    /// node's blocks. Over all ranks they cover each matrix exactly once.
    public var localBlocks: (a: DistributedBlock, b: DistributedBlock, c: DistributedBlock) {
        let rowBase = plan.rows.start(gridRow)
        return (
            a: DistributedBlock(rowStart: rowBase + ownRows.lowerBound, colStart: plan.kOfA.start(gridCol),
                                rows: ownRows.count, cols: a.cols, base: a.row(ownRows.lowerBound),
                                rowStride: a.leadingDimension, colStride: 1),
            b: DistributedBlock(rowStart: plan.kOfB.start(gridRow) + ownBRows.lowerBound, colStart: plan.cols.start(gridCol),
                                rows: ownBRows.count, cols: b.cols, base: b.row(ownBRows.lowerBound),
                                rowStride: b.leadingDimension, colStride: 1),
            c: DistributedBlock(rowStart: rowBase + ownRows.lowerBound, colStart: plan.cols.start(gridCol),
                                rows: ownRows.count, cols: c.cols, base: c.row(ownRows.lowerBound),
                                rowStride: c.leadingDimension, colStride: 1))
    }

    /// This rank's rows of the node's C block (for the `corrupt-result` test hook).
    public var ownResultRows: MatrixView {
        c.block(rowStart: ownRows.lowerBound, rowCount: ownRows.count, colStart: 0, colCount: c.cols)
    }

    /// One product C = A·B (collective on the world).
    public func multiply() throws(MPIError) {
        let leader = topology.isLeader
        var pending: [Request] = []
        if leader, !plan.panels.isEmpty { pending = try startBroadcasts(of: 0, into: 0) }
        for step in plan.panels.indices {
            for index in pending.indices { try pending[index].wait() }
            // Panel `step` is now visible to the whole node, and every rank is
            // done with step-1, whose buffers the next broadcast overwrites.
            try window.synchronize()
            pending = []
            if leader && step + 1 < plan.panels.count {
                pending = try startBroadcasts(of: step + 1, into: (step + 1) % 2)
            }
            try multiplyPanel(step, buffer: step % 2, beta: step == 0 ? 0 : 1, progress: &pending)
        }
        try window.synchronize()
    }

    /// Starts the row broadcast of A's panel and the column broadcast of B's
    /// (leaders only). The owner sends straight from its block — A's panel is
    /// strided, so it goes as an `MPI_Type_vector` — the others receive into
    /// buffer `buffer`.
    func startBroadcasts(of step: Int, into buffer: Int) throws(MPIError) -> [Request] {
        let panel = plan.panels[step]
        var requests: [Request] = []
        if let rowComm, rowComm.size > 1, a.rows > 0 {
            if gridCol == panel.aOwnerCol {
                var strided: MPI_Datatype? = nil
                let rows = try messageCount(a.rows, for: "MPI_Type_vector")
                let stride = try messageCount(a.leadingDimension, for: "MPI_Type_vector")
                try checked("MPI_Type_vector") { MPI_Type_vector(rows, Int32(panel.count), stride, cmpi_double(), &strided) }
                try checked("MPI_Type_commit") { MPI_Type_commit(&strided) }
                let source = a.base + (panel.start - plan.kOfA.start(gridCol))
                requests.append(try rowComm.startBroadcast(source, count: 1, datatype: strided!, root: panel.aOwnerCol))
                // Freeing a type a pending operation uses is allowed: it completes normally.
                try checked("MPI_Type_free") { MPI_Type_free(&strided) }
            } else {
                let count = try messageCount(a.rows * panel.count, for: "MPI_Ibcast")
                requests.append(try rowComm.startBroadcast(aBuffers[buffer], count: count, datatype: cmpi_double(), root: panel.aOwnerCol))
            }
        }
        if let colComm, colComm.size > 1, b.cols > 0 {
            let count = try messageCount(panel.count * b.cols, for: "MPI_Ibcast")
            let target = gridRow == panel.bOwnerRow
                ? b.row(panel.start - plan.kOfB.start(gridRow)) : bBuffers[buffer]
            requests.append(try colComm.startBroadcast(target, count: count, datatype: cmpi_double(), root: panel.bOwnerRow))
        }
        return requests
    }

    /// A's panel for `step`: in place when this node owns it, else the buffer.
    func aPanel(_ step: Int, buffer: Int) -> MatrixView {
        let panel = plan.panels[step]
        if gridCol == panel.aOwnerCol {
            return a.block(rowStart: 0, rowCount: a.rows, colStart: panel.start - plan.kOfA.start(gridCol), colCount: panel.count)
        }
        return MatrixView(base: aBuffers[buffer], rows: a.rows, cols: panel.count, leadingDimension: panel.count)
    }

    /// B's panel for `step`: in place when this node owns it, else the buffer.
    func bPanel(_ step: Int, buffer: Int) -> MatrixView {
        let panel = plan.panels[step]
        if gridRow == panel.bOwnerRow {
            return b.block(rowStart: panel.start - plan.kOfB.start(gridRow), rowCount: panel.count, colStart: 0, colCount: b.cols)
        }
        return MatrixView(base: bBuffers[buffer], rows: panel.count, cols: b.cols, leadingDimension: max(b.cols, 1))
    }

    /// C[ownRows, :] = beta·C[ownRows, :] + A_panel[ownRows, :]·B_panel, in row
    /// chunks with an `MPI_Test` of `progress` after each while it is pending.
    func multiplyPanel(_ step: Int, buffer: Int, beta: Double, progress: inout [Request]) throws(MPIError) {
        let aRows = aPanel(step, buffer: buffer)
            .block(rowStart: ownRows.lowerBound, rowCount: ownRows.count, colStart: 0, colCount: plan.panels[step].count)
        let bRows = bPanel(step, buffer: buffer)
        let cRows = ownResultRows
        guard !progress.isEmpty, ownRows.count > 1 else {
            BLAS.dgemm(aRows, bRows, into: cRows, alpha: 1, beta: beta)
            return
        }
        let chunks = BlockPartition(total: ownRows.count, parts: min(Self.progressChunks, ownRows.count))
        for part in 0..<chunks.parts {
            let range = chunks.range(part)
            BLAS.dgemm(aRows.block(rowStart: range.lowerBound, rowCount: range.count, colStart: 0, colCount: aRows.cols),
                       bRows,
                       into: cRows.block(rowStart: range.lowerBound, rowCount: range.count, colStart: 0, colCount: cRows.cols),
                       alpha: 1, beta: beta)
            for index in progress.indices { try progress[index].test() }
        }
    }

    /// Frees the window and the grid communicators (collective on the world).
    public func free() throws(MPIError) {
        try window.free()
        try rowComm?.free()
        try colComm?.free()
    }
}
