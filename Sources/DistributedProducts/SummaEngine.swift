import CMPI
import GemmCore
import Vocabulary
import MPIWrapper

/// C = A·B with SUMMA across nodes and a shared window within each node.
///
/// The node grid is `grid` (one member per node). Every matrix is a
/// `NodeMatrix`. Per panel of k, the node leaders broadcast A's panel along
/// their grid row and B's down their grid column (`MPI_Ibcast`) into panel
/// buffers in a shared window; every rank of the node then multiplies its own
/// rows of the node's C block in place:
///
///     C[rows_r, :] += A_panel[rows_r, :] · B_panel      (`kernel`, cblas_dgemm by default)
///
/// Double buffering: the broadcast of panel s+1 runs while panel s is being
/// multiplied; the leader calls `MPI_Test` between row chunks of its product,
/// because Open MPI moves a non-blocking collective forward only inside MPI
/// calls. A panel the node owns is used where it lies, never copied. The
/// panel width comes from `PanelCostModel`.
///
/// With one node (`--node-split auto` on one machine) the grid is 1×1, the
/// whole k is one panel and nothing is sent: each rank multiplies its rows of
/// the shared operands, as the worker pool does in its arena.
public final class SummaEngine {
    /// Row chunks per local product while a broadcast is in flight: each chunk
    /// boundary is one `MPI_Test`. Four keeps chunks ≥ 128 rows at n ≥ 1024
    /// (full dgemm speed) while polling often enough to keep TCP streaming.
    static let progressChunks = 4

    public let grid: ProcessGrid
    let topology: NodeTopology
    let model: PanelCostModel
    /// The local product: `cblas_dgemm` unless `--kernel` says otherwise.
    let kernel: Kernel
    /// This node's place in the grid.
    let gridRow: Int, gridCol: Int
    /// Along the grid row / down the grid column, among leaders only.
    let rowComm: Communicator?, colComm: Communicator?
    /// Two receive buffers per operand, in one shared window (none on a 1×1 grid).
    let panelWindow: SharedWindow?
    let aBuffers: [UnsafeMutablePointer<Double>], bBuffers: [UnsafeMutablePointer<Double>]
    let aBufferDoubles: Int, bBufferDoubles: Int

    /// The products (m, k, n) this engine will run: they size the panel buffers.
    public struct Shape: Sendable { public let m: Int, k: Int, n: Int
        public init(m: Int, k: Int, n: Int) { self.m = m; self.k = k; self.n = n }
    }

    /// Collective on the world.
    public init(grid: ProcessGrid, topology: NodeTopology, shapes: [Shape], kernel: Kernel = .blas,
                model: PanelCostModel = .default) throws(MPIError) {
        precondition(grid.count == topology.nodeCount, "grid \(grid) for \(topology.nodeCount) nodes")
        self.grid = grid
        self.topology = topology
        self.model = model
        self.kernel = kernel
        gridRow = grid.row(of: topology.nodeIndex)
        gridCol = grid.col(of: topology.nodeIndex)
        rowComm = try topology.leaders?.split(color: gridRow, key: gridCol)
        colComm = try topology.leaders?.split(color: gridCol, key: gridRow)
        let sizes = Self.panelBufferDoubles(shapes: shapes, grid: grid, gridRow: gridRow, gridCol: gridCol, model: model)
        aBufferDoubles = sizes.a
        bBufferDoubles = sizes.b
        if grid.count > 1 {
            let aBytes = SharedWindow.regionBytes(doubles: sizes.a), bBytes = SharedWindow.regionBytes(doubles: sizes.b)
            let window = try SharedWindow(capacity: 2 * aBytes + 2 * bBytes, node: topology.node)
            aBuffers = [window.doubles(at: 0, count: sizes.a), window.doubles(at: aBytes, count: sizes.a)]
            bBuffers = [window.doubles(at: 2 * aBytes, count: sizes.b), window.doubles(at: 2 * aBytes + bBytes, count: sizes.b)]
            panelWindow = window
        } else {
            aBuffers = []
            bBuffers = []
            panelWindow = nil
        }
    }

    /// The largest A and B panel (in doubles) any of `shapes` needs on node (gridRow, gridCol).
    static func panelBufferDoubles(shapes: [Shape], grid: ProcessGrid, gridRow: Int, gridCol: Int,
                                   model: PanelCostModel) -> (a: Int, b: Int) {
        guard grid.count > 1 else { return (0, 0) }
        var a = 0, b = 0
        for shape in shapes {
            let blockRows = BlockPartition(total: shape.m, parts: grid.rows).count(gridRow)
            let blockCols = BlockPartition(total: shape.n, parts: grid.cols).count(gridCol)
            let width = model.width(k: shape.k, blockRows: blockRows, blockCols: blockCols, grid: grid)
            a = max(a, blockRows * width)
            b = max(b, width * blockCols)
        }
        return (a, b)
    }

    /// Bytes one node's windows take for `matrices` (rows, cols) and the panel
    /// buffers of `shapes`: what the memory check compares with MemAvailable.
    public static func nodeBytes(matrices: [(rows: Int, cols: Int)], shapes: [Shape], grid: ProcessGrid,
                                 nodeIndex: Int, model: PanelCostModel = .default) -> Int {
        let gridRow = grid.row(of: nodeIndex), gridCol = grid.col(of: nodeIndex)
        let panels = panelBufferDoubles(shapes: shapes, grid: grid, gridRow: gridRow, gridCol: gridCol, model: model)
        return matrices.reduce(0) {
            $0 + NodeMatrix.blockBytes(rows: $1.rows, cols: $1.cols, grid: grid, gridRow: gridRow, gridCol: gridCol)
        } + 2 * SharedWindow.regionBytes(doubles: panels.a) + 2 * SharedWindow.regionBytes(doubles: panels.b)
    }

    /// A new distributed matrix on this engine's grid (collective on the node).
    public func matrix(rows: Int, cols: Int) throws(MPIError) -> NodeMatrix {
        try NodeMatrix(rows: rows, cols: cols, grid: grid, gridRow: gridRow, gridCol: gridCol, node: topology.node)
    }

    /// A new matrix filled with `Matrix.random(rows:cols:seed:)`'s values, visible node-wide.
    public func randomMatrix(rows: Int, cols: Int, seed: UInt64) throws(MPIError) -> NodeMatrix {
        let matrix = try self.matrix(rows: rows, cols: cols)
        matrix.fill(seed: seed)
        try matrix.synchronize()
        return matrix
    }

    /// The plan for a product, with the cost model's panel width.
    public func plan(m: Int, k: Int, n: Int) -> SummaPlan {
        let blockRows = BlockPartition(total: m, parts: grid.rows).count(gridRow)
        let blockCols = BlockPartition(total: n, parts: grid.cols).count(gridCol)
        return SummaPlan(m: m, k: k, n: n, grid: grid,
                         width: model.width(k: k, blockRows: blockRows, blockCols: blockCols, grid: grid))
    }

    /// C = A·B (collective on the world).
    public func multiply(_ a: NodeMatrix, _ b: NodeMatrix, into c: NodeMatrix) throws(MPIError) {
        precondition(a.cols == b.rows && a.rows == c.rows && b.cols == c.cols, "shapes do not chain")
        let product = Product(engine: self, a: a, b: b, c: c, plan: plan(m: a.rows, k: a.cols, n: b.cols))
        try product.run()
    }

    /// Frees the panel window and the grid communicators (collective on the world).
    public func free() throws(MPIError) {
        try panelWindow?.free()
        try rowComm?.free()
        try colComm?.free()
    }
}

/// One SUMMA product: the panel loop.
struct Product {
    let engine: SummaEngine
    let a: NodeMatrix, b: NodeMatrix, c: NodeMatrix
    let plan: SummaPlan

    func run() throws(MPIError) {
        let leader = engine.topology.isLeader
        let panelWindow = engine.panelWindow
        var pending: [Request] = []
        if leader, !plan.panels.isEmpty { pending = try startBroadcasts(of: 0, into: 0) }
        for step in plan.panels.indices {
            // Progress for the watchdog, which ends the job should a peer stop
            // and leave this rank waiting below (one store, one atomic add).
            JobWatchdog.beat(.summaProduct)
            for index in pending.indices { try pending[index].wait() }
            // Panel `step` is now visible to the whole node, and every rank is
            // done with step-1, whose buffers the next broadcast overwrites.
            try panelWindow?.synchronize()
            pending = []
            if leader && step + 1 < plan.panels.count {
                pending = try startBroadcasts(of: step + 1, into: (step + 1) % 2)
            }
            try multiplyPanel(step, buffer: step % 2, beta: step == 0 ? 0 : 1, progress: &pending)
        }
        // C complete on the node before anyone reads it or overwrites a buffer.
        try c.synchronize()
    }

    /// Starts the row broadcast of A's panel and the column broadcast of B's
    /// (leaders only). The owner sends straight from its block — A's panel is
    /// strided, so it goes as an `MPI_Type_vector` — the others receive into
    /// buffer `buffer`.
    func startBroadcasts(of step: Int, into buffer: Int) throws(MPIError) -> [Request] {
        let panel = plan.panels[step]
        let aBlock = a.block, bBlock = b.block
        var requests: [Request] = []
        if let rowComm = engine.rowComm, rowComm.size > 1, aBlock.rows > 0 {
            if engine.gridCol == panel.aOwnerCol {
                var strided: MPI_Datatype? = nil
                let rows = try messageCount(aBlock.rows, for: "MPI_Type_vector")
                let stride = try messageCount(aBlock.leadingDimension, for: "MPI_Type_vector")
                try checked("MPI_Type_vector") { MPI_Type_vector(rows, Int32(panel.count), stride, cmpi_double(), &strided) }
                try checked("MPI_Type_commit") { MPI_Type_commit(&strided) }
                let source = aBlock.base + (panel.start - a.colStart)
                requests.append(try rowComm.startBroadcast(source, count: 1, datatype: strided!, root: panel.aOwnerCol))
                // Freeing a type a pending operation uses is allowed: it completes normally.
                try checked("MPI_Type_free") { MPI_Type_free(&strided) }
            } else {
                let count = try messageCount(aBlock.rows * panel.count, for: "MPI_Ibcast")
                requests.append(try rowComm.startBroadcast(engine.aBuffers[buffer], count: count,
                                                           datatype: cmpi_double(), root: panel.aOwnerCol))
            }
        }
        if let colComm = engine.colComm, colComm.size > 1, bBlock.cols > 0 {
            let count = try messageCount(panel.count * bBlock.cols, for: "MPI_Ibcast")
            let target = engine.gridRow == panel.bOwnerRow ? bBlock.row(panel.start - b.rowStart) : engine.bBuffers[buffer]
            requests.append(try colComm.startBroadcast(target, count: count, datatype: cmpi_double(), root: panel.bOwnerRow))
        }
        return requests
    }

    /// A's panel for `step`: in place when this node owns it, else the buffer.
    func aPanel(_ step: Int, buffer: Int) -> MatrixView {
        let panel = plan.panels[step]
        if engine.gridCol == panel.aOwnerCol {
            return a.block.block(rowStart: 0, rowCount: a.block.rows, colStart: panel.start - a.colStart, colCount: panel.count)
        }
        return MatrixView(base: engine.aBuffers[buffer], rows: a.block.rows, cols: panel.count, leadingDimension: panel.count)
    }

    /// B's panel for `step`: in place when this node owns it, else the buffer.
    func bPanel(_ step: Int, buffer: Int) -> MatrixView {
        let panel = plan.panels[step]
        if engine.gridRow == panel.bOwnerRow {
            return b.block.block(rowStart: panel.start - b.rowStart, rowCount: panel.count, colStart: 0, colCount: b.block.cols)
        }
        return MatrixView(base: engine.bBuffers[buffer], rows: panel.count, cols: b.block.cols,
                          leadingDimension: max(b.block.cols, 1))
    }

    /// C[own rows, :] = beta·C[own rows, :] + A_panel[own rows, :]·B_panel, in row
    /// chunks with an `MPI_Test` of `progress` after each while it is pending.
    func multiplyPanel(_ step: Int, buffer: Int, beta: Double, progress: inout [Request]) throws(MPIError) {
        let rows = c.ownRows
        let aRows = aPanel(step, buffer: buffer)
            .block(rowStart: rows.lowerBound, rowCount: rows.count, colStart: 0, colCount: plan.panels[step].count)
        let bPanel = bPanel(step, buffer: buffer)
        let cRows = c.ownView
        // Nothing to compute here (more ranks than rows, or no columns); the
        // pending broadcasts complete in the next step's wait.
        guard rows.count > 0, cRows.cols > 0 else { return }
        guard !progress.isEmpty, rows.count > 1 else {
            engine.kernel.multiply(aRows, bPanel, into: cRows, alpha: 1, beta: beta)
            return
        }
        let chunks = BlockPartition(total: rows.count, parts: min(SummaEngine.progressChunks, rows.count))
        for part in 0..<chunks.parts {
            let range = chunks.range(part)
            engine.kernel.multiply(aRows.block(rowStart: range.lowerBound, rowCount: range.count, colStart: 0, colCount: aRows.cols),
                       bPanel,
                       into: cRows.block(rowStart: range.lowerBound, rowCount: range.count, colStart: 0, colCount: cRows.cols),
                       alpha: 1, beta: beta)
            for index in progress.indices { try progress[index].test() }
        }
    }
}
