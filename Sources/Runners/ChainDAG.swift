import ChainPlanning
import GemmCore
import ProcessPool
import Vocabulary

/// A chain plan as a task source: a product becomes ready when its operands are
/// done; its tiles go to whichever worker is free; its result region is taken
/// from the arena when its first tile starts and given back once the product
/// that consumes it has finished.
final class ChainDAG: TaskSource {
    private let plan: ChainPlan
    private let arena: Arena
    private let factorLayouts: [OperandLayout]
    private let kernel: Kernel
    private let transport: Transport
    private var allocator: RegionAllocator

    private var tilesLeft: [Int]           // per step, tiles not yet completed
    private var tilesIssued: [Int]         // per step, tiles handed out
    private var resultRegion: [ArenaRegion?]
    private var tiles: [[TileSplit.Tile]]
    private var completedSteps = 0

    /// - Parameter allocator: an allocator with the factors' regions already taken.
    init(plan: ChainPlan, arena: Arena, factorLayouts: [OperandLayout], allocator: RegionAllocator,
         kernel: Kernel, transport: Transport) {
        self.plan = plan
        self.arena = arena
        self.factorLayouts = factorLayouts
        self.allocator = allocator
        self.kernel = kernel
        self.transport = transport
        tiles = plan.steps.map { $0.split.tiles(m: $0.m, n: $0.n) }
        tilesLeft = tiles.map(\.count)
        tilesIssued = Array(repeating: 0, count: plan.steps.count)
        resultRegion = Array(repeating: nil, count: plan.steps.count)
    }

    var isFinished: Bool { completedSteps == plan.steps.count }
    var highWaterBytes: Int { allocator.highWaterBytes }

    /// The final product Y, once finished.
    var result: MatrixView {
        let last = plan.steps.count - 1
        return view(of: layout(of: .product(last)))
    }

    func nextTask() -> PoolTask? {
        // Steps are in a dependency order sorted by estimated start, so the first
        // ready one is the one the planner meant to run next.
        for index in plan.steps.indices where tilesIssued[index] < tiles[index].count && isReady(index) {
            return makeTask(step: index)
        }
        return nil
    }

    private func isReady(_ index: Int) -> Bool {
        plan.dependencies(of: index).allSatisfy { tilesLeft[$0] == 0 }
    }

    private func makeTask(step index: Int) -> PoolTask? {
        let step = plan.steps[index]
        if resultRegion[index] == nil {
            guard let region = allocator.allocate(bytes: 8 * step.m * step.n) else { return nil }
            resultRegion[index] = region
        }
        let tileIndex = tilesIssued[index]
        tilesIssued[index] += 1
        let tile = tiles[index][tileIndex]
        let lhs = layout(of: step.lhs), rhs = layout(of: step.rhs), out = layout(of: .product(index))
        let operands = TileOperands(a: lhs, b: rhs, c: out, rows: tile.rows, cols: tile.cols)
        var record = TaskRecord(taskID: UInt64(index) << 32 | UInt64(tileIndex), kernel: kernel,
                                transport: transport, a: operands.a, b: operands.b, c: operands.c)
        var label = "\(step.expression)"
        if tiles[index].count > 1 { label += " tile \(tileIndex + 1)/\(tiles[index].count)" }
        var blocks: PoolTask.MessageOperands?
        if transport == .message {
            blocks = .init(a: view(of: operands.a), b: view(of: operands.b), c: view(of: operands.c))
            let unused = OperandLayout(offset: 0, rows: 0, cols: 0, leadingDimension: 1)
            record.a = unused; record.b = unused; record.c = unused
        }
        return PoolTask(record: record, label: label, messageOperands: blocks)
    }

    func taskCompleted(_ task: PoolTask, reply: ReplyRecord) {
        let index = Int(task.record.taskID >> 32)
        tilesLeft[index] -= 1
        guard tilesLeft[index] == 0 else { return }
        completedSteps += 1
        // This product's inputs have no other reader: their space can be reused.
        for dependency in plan.dependencies(of: index) {
            if let region = resultRegion[dependency] {
                allocator.release(region)
                resultRegion[dependency] = nil
            }
        }
    }

    private func layout(of operand: Operand) -> OperandLayout {
        switch operand {
        case .factor(let i): return factorLayouts[i]
        case .product(let j):
            let step = plan.steps[j]
            return OperandLayout(offset: resultRegion[j]!.offset, rows: step.m, cols: step.n,
                                 leadingDimension: max(step.n, 1))
        }
    }

    private func view(of layout: OperandLayout) -> MatrixView {
        arena.view(offset: layout.offset, rows: layout.rows, cols: layout.cols,
                   leadingDimension: layout.leadingDimension)
    }
}
