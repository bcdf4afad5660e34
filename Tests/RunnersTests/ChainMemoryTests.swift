import Testing
import ChainPlanning
import ProcessPool
@testable import Runners

/// ChainRunner's sizing and layout phases on their own: the arena holds every
/// factor and every intermediate at once, the factors sit apart from one another.
@Suite("ChainRunner memory")
struct ChainMemoryTests {
    @Test("the arena is the aligned factors plus every intermediate without reuse",
          arguments: [[3, 5, 7], [1, 9, 1, 9, 1], [12, 30, 5, 18, 7, 25, 4, 16, 9]])
    func arenaBytes(dims: [Int]) throws {
        let plan = try makePlan(dims: dims, planner: .left, workers: 0, cost: .nominal)
        let memory = try ChainMemory(dims: dims, plan: plan)
        let factors = (0..<dims.count - 1).map { RegionAllocator.aligned(8 * dims[$0] * dims[$0 + 1]) }
        // Left to right, step i makes dims[0] × dims[i + 2].
        let intermediates = (0..<dims.count - 2).map { RegionAllocator.aligned(8 * dims[0] * dims[$0 + 2]) }
        #expect(memory.factorBytes == factors)
        #expect(memory.factorTotal == factors.reduce(0, +) && memory.intermediateTotal == intermediates.reduce(0, +))
        #expect(memory.arenaBytes == memory.factorTotal + memory.intermediateTotal)
    }

    @Test("a count past Int is refused")
    func overflow() throws {
        let dims = [1 << 40, 1, 1 << 40]
        let plan = try makePlan(dims: dims, planner: .left, workers: 0, cost: .nominal)
        #expect(throws: ChainRunner.SizeOverflow.self) { try ChainMemory(dims: dims, plan: plan) }
    }

    @Test("factors are laid out one after another, aligned, leaving the rest to the intermediates")
    func factorLayout() throws {
        let dims = [3, 5, 7, 2]
        let memory = try ChainMemory(dims: dims, plan: try makePlan(dims: dims, planner: .left, workers: 0, cost: .nominal))
        let (layouts, allocator) = ChainRunner.placeFactors(dims: dims, bytes: memory.factorBytes, capacity: memory.arenaBytes)
        #expect(layouts.map(\.offset) == [0, memory.factorBytes[0], memory.factorBytes[0] + memory.factorBytes[1]])
        #expect(layouts.map(\.rows) == [3, 5, 7] && layouts.map(\.cols) == [5, 7, 2] && layouts.map(\.leadingDimension) == [5, 7, 2])
        var rest = allocator
        #expect(rest.allocate(bytes: memory.intermediateTotal)?.offset == memory.factorTotal)
    }
}
