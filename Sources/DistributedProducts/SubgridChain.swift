import ChainPlanning
import CMPI
import GemmCore
import Vocabulary
import MPIWrapper

/// A chain laid out on the sub-grids of a `SubgridSchedule`: every engine,
/// matrix and redistribution this rank takes part in, allocated once, so that
/// `run` (the timed part) only multiplies and moves data.
///
/// A rank builds only its own path through the tree: at a product whose
/// subtrees run side by side it joins the sub-grid of the side its node is on
/// (`MPI_Comm_split` of the product's communicator), builds that subtree
/// there, and allocates the product's operands on the product's grid, into
/// which `BlockRedistribution` moves both sides' results. A factor is created
/// on the grid of the product that consumes it (`ElementGenerator` fills by
/// global index, so every layout holds the same values). Without side-by-side
/// products this is the plan's products one after another on the whole grid.
public final class SubgridChain {
    /// Factor i where this rank's sub-grid holds it; nil where another sub-grid does.
    public private(set) var factors: [NodeMatrix?]
    /// The last product, on the whole grid.
    public private(set) var root: Work!
    private let plan: ChainPlan
    private let schedule: SubgridSchedule
    private let topology: NodeTopology
    private let grid: ProcessGrid
    private let kernel: Kernel
    private let seed: UInt64?
    /// What `free` releases, in reverse order of creation.
    private var releases: [() throws -> Void] = []

    /// One product and what runs before it on its grid.
    public final class Work {
        let engine: SummaEngine
        let lhs: NodeMatrix, rhs: NodeMatrix, result: NodeMatrix
        /// Operand subtrees run one after the other on this grid first.
        var first: [Work] = []
        /// Side by side: this rank's side's subtree, and the moves of both sides' results into lhs and rhs.
        var mine: Work?
        var moves: [BlockRedistribution] = []

        init(engine: SummaEngine, lhs: NodeMatrix, rhs: NodeMatrix, result: NodeMatrix) {
            self.engine = engine; self.lhs = lhs; self.rhs = rhs; self.result = result
        }

        /// Collective on this product's grid.
        public func run() throws {
            for work in first { try work.run() }
            try mine?.run()
            for move in moves { try move.run() }
            try engine.multiply(lhs, rhs, into: result)
        }
    }

    /// Collective on `topology.world`. Factors are filled from `seed` + i, or
    /// left for the caller to read when `seed` is nil.
    public init(plan: ChainPlan, schedule: SubgridSchedule, topology: NodeTopology, grid: ProcessGrid,
         kernel: Kernel, seed: UInt64?) throws {
        self.plan = plan
        self.schedule = schedule
        self.topology = topology
        self.grid = grid
        self.kernel = kernel
        self.seed = seed
        factors = Array(repeating: nil, count: plan.factorCount)
        do {
            let top = try engine(on: topology, nodes: 0..<topology.nodeCount)
            root = try build(schedule.root, engine: top, topology: topology)
        } catch {
            try? free()
            throw error
        }
    }

    /// Y, on the whole grid.
    public var result: NodeMatrix { root.result }

    /// Releases everything in reverse order (collective on the world).
    public func free() throws {
        while let release = releases.popLast() { try release() }
    }

    /// The grid of a sub-grid of `nodes`: `--grid` for the whole grid, else the most square.
    static func grid(for nodes: Range<Int>, nodeCount: Int, top: ProcessGrid) -> ProcessGrid {
        nodes.count == nodeCount ? top : .mostSquare(nodes.count)
    }

    /// Bytes node `nodeIndex`'s windows take for the whole schedule: on each
    /// sub-grid it belongs to, its blocks of the products run there, of the
    /// factors they consume and of the operands moved there (twice: the
    /// receive buffers of its ranks), of results moved away (twice: the send
    /// buffers), and the panel buffers of that sub-grid's engine.
    public static func nodeBytes(schedule: SubgridSchedule, plan: ChainPlan, nodeIndex: Int, nodeCount: Int,
                          grid top: ProcessGrid) -> Int {
        var matrices: [Range<Int>: [(rows: Int, cols: Int)]] = [:]
        var shapes: [Range<Int>: [SummaEngine.Shape]] = [:]
        func visit(_ node: SubgridSchedule.Node, movedAway: Bool) {
            guard case .product(let index, let nodes, let sideBySide, let lhs, let rhs) = node,
                  nodes.contains(nodeIndex) else { return }
            let step = plan.steps[index]
            shapes[nodes, default: []].append(SummaEngine.Shape(m: step.m, k: step.k, n: step.n))
            matrices[nodes, default: []] += Array(repeating: (step.m, step.n), count: movedAway ? 2 : 1)
            for (operand, shape) in [(step.lhs, (step.m, step.k)), (step.rhs, (step.k, step.n))] {
                if case .factor = operand { matrices[nodes, default: []].append(shape) }
                if sideBySide { matrices[nodes, default: []] += [shape, shape] }
            }
            visit(lhs, movedAway: sideBySide)
            visit(rhs, movedAway: sideBySide)
        }
        visit(schedule.root, movedAway: false)
        return shapes.keys.reduce(0) { total, nodes in
            total + SummaEngine.nodeBytes(matrices: matrices[nodes] ?? [], shapes: shapes[nodes] ?? [],
                                          grid: grid(for: nodes, nodeCount: nodeCount, top: top),
                                          nodeIndex: nodeIndex - nodes.lowerBound)
        }
    }

    /// The engine of the sub-grid `nodes`, sized for the products the schedule runs there.
    private func engine(on topology: NodeTopology, nodes: Range<Int>) throws -> SummaEngine {
        var shapes: [SummaEngine.Shape] = []
        func visit(_ node: SubgridSchedule.Node) {
            guard case .product(let index, let range, _, let lhs, let rhs) = node else { return }
            if range == nodes { shapes.append(SummaEngine.Shape(m: plan.steps[index].m, k: plan.steps[index].k, n: plan.steps[index].n)) }
            visit(lhs)
            visit(rhs)
        }
        visit(schedule.root)
        let engine = try SummaEngine(grid: Self.grid(for: nodes, nodeCount: self.topology.nodeCount, top: grid),
                                     topology: topology, shapes: shapes, kernel: kernel)
        releases.append { try engine.free() }
        return engine
    }

    private func matrix(_ engine: SummaEngine, rows: Int, cols: Int) throws -> NodeMatrix {
        let matrix = try engine.matrix(rows: rows, cols: cols)
        releases.append { try matrix.free() }
        return matrix
    }

    /// Factor `index` on `engine`'s grid, filled when a seed was given.
    private func factor(_ index: Int, on engine: SummaEngine) throws -> NodeMatrix {
        precondition(factors[index] == nil, "factor \(index) consumed twice")
        let matrix = try self.matrix(engine, rows: plan.dims[index], cols: plan.dims[index + 1])
        if let seed {
            matrix.fill(seed: seed &+ UInt64(index))
            try matrix.synchronize()
        }
        factors[index] = matrix
        return matrix
    }

    /// The work of `node` on `engine`'s grid (collective on `topology.world`).
    private func build(_ node: SubgridSchedule.Node, engine: SummaEngine, topology: NodeTopology) throws -> Work {
        guard case .product(let index, let nodes, let sideBySide, let lhsNode, let rhsNode) = node else {
            preconditionFailure("a factor is not a product")
        }
        let step = plan.steps[index]
        guard sideBySide else {
            var first: [Work] = []
            func operand(_ node: SubgridSchedule.Node) throws -> NodeMatrix {
                if case .factor(let factor) = node { return try self.factor(factor, on: engine) }
                let work = try build(node, engine: engine, topology: topology)
                first.append(work)
                return work.result
            }
            let lhs = try operand(lhsNode), rhs = try operand(rhsNode)
            let work = Work(engine: engine, lhs: lhs, rhs: rhs, result: try matrix(engine, rows: step.m, cols: step.n))
            work.first = first
            return work
        }
        // This rank's side: the sub-grid its node is on.
        let globalNode = nodes.lowerBound + topology.nodeIndex
        let onLeft = lhsNode.nodes!.contains(globalNode)
        let side = onLeft ? lhsNode : rhsNode
        guard let sideWorld = try topology.world.split(color: onLeft ? 0 : 1, key: topology.world.rank) else {
            throw MPIError(call: "MPI_Comm_split", code: MPI_ERR_COMM)
        }
        releases.append { try sideWorld.free() }
        let sideTopology = try NodeTopology(nodes: (side.nodes!.lowerBound - nodes.lowerBound)..<(side.nodes!.upperBound - nodes.lowerBound),
                                            of: topology, world: sideWorld)
        releases.append { try sideTopology.free() }
        let sideEngine = try self.engine(on: sideTopology, nodes: side.nodes!)
        let mine = try build(side, engine: sideEngine, topology: sideTopology)
        let lhs = try matrix(engine, rows: step.m, cols: step.k), rhs = try matrix(engine, rows: step.k, cols: step.n)
        let work = Work(engine: engine, lhs: lhs, rhs: rhs, result: try matrix(engine, rows: step.m, cols: step.n))
        work.mine = mine
        work.moves = [try BlockRedistribution(from: onLeft ? mine.result : nil, to: lhs, on: topology.world),
                      try BlockRedistribution(from: onLeft ? nil : mine.result, to: rhs, on: topology.world)]
        return work
    }
}
