import Testing
@testable import ChainPlanning
import Vocabulary

@Suite("parallel planner")
struct ParallelPlannerTests {
    private static let otherPlanners: [PlannerKind] = [.left, .optimal, .tree]

    @Test("estimated makespan ≤ every other planner's on the presets, P = 1, 2, 4", arguments: [1, 2, 4])
    func beatsOthersOnPresets(workers: Int) throws {
        for preset in ChainPreset.all {
            let parallel = try makePlan(dims: preset.dims, planner: .parallel, workers: workers)
            for other in Self.otherPlanners {
                let plan = try makePlan(dims: preset.dims, planner: other, workers: workers)
                #expect(parallel.estimatedSeconds <= plan.estimatedSeconds, "\(preset.name) vs \(other)")
            }
        }
    }

    @Test("estimated makespan ≤ every other planner's on random chains, P = 1, 2, 4", arguments: [1, 2, 4])
    func beatsOthersOnRandomChains(workers: Int) throws {
        for dims in randomChains(count: 60, maxFactors: 9, maxDim: 4000, seed: UInt64(900 + workers)) {
            let parallel = try makePlan(dims: dims, planner: .parallel, workers: workers)
            for other in Self.otherPlanners {
                let plan = try makePlan(dims: dims, planner: other, workers: workers)
                #expect(parallel.estimatedSeconds <= plan.estimatedSeconds, "\(dims) vs \(other)")
            }
        }
    }

    @Test("P = 2 on square runs at least two products at the same time")
    func squareRunsProductsConcurrently() throws {
        let plan = try makePlan(dims: ChainPreset.square.dims, planner: .parallel, workers: 2)
        let overlapping = plan.steps.indices.contains { i in
            plan.steps.indices.contains { j in
                i < j && plan.steps[i].estimatedStart < plan.steps[j].estimatedFinish
                    && plan.steps[j].estimatedStart < plan.steps[i].estimatedFinish
            }
        }
        #expect(overlapping)
        // And it beats running the products one by one on one worker.
        let sequential = try makePlan(dims: ChainPreset.square.dims, planner: .parallel, workers: 1)
        #expect(plan.estimatedSeconds < 0.6 * sequential.estimatedSeconds)
    }

    @Test("a lone large product is tile-split across idle workers")
    func loneProductIsSplit() throws {
        let plan = try makePlan(dims: [2048, 2048, 2048], planner: .parallel, workers: 4)
        #expect(plan.steps[0].split.tileCount == 4)
        let unsplit = try makePlan(dims: [2048, 2048, 2048], planner: .optimal, workers: 4)
        #expect(plan.estimatedSeconds < 0.3 * unsplit.estimatedSeconds)
    }

    @Test("P = 0 and P = 1 degenerate to optimal: same tree, nothing split", arguments: [0, 1])
    func degeneratesToOptimal(workers: Int) throws {
        for preset in ChainPreset.all {
            let parallel = try makePlan(dims: preset.dims, planner: .parallel, workers: workers)
            let optimal = try makePlan(dims: preset.dims, planner: .optimal, workers: workers)
            #expect(parallel.parenthesization == optimal.parenthesization, "\(preset.name)")
            #expect(parallel.estimatedSeconds == optimal.estimatedSeconds)
            #expect(parallel.steps.allSatisfy { $0.split == .whole })
        }
    }

    @Test("with a shape-independent cost model, P = 1 parallel spends exactly optimal's flops")
    func flatModelMatchesOptimalFlops() throws {
        let flat = try CostModel(
            peakFlopsPerSecond: 1e10,
            efficiencyCurve: [.init(minDim: 1, efficiency: 1)],
            dispatchOverheadSeconds: 0)
        for dims in randomChains(count: 60, maxFactors: 9, maxDim: 500, seed: 31) {
            let parallel = try makePlan(dims: dims, planner: .parallel, workers: 1, cost: flat)
            let optimal = try makePlan(dims: dims, planner: .optimal, workers: 1, cost: flat)
            #expect(parallel.totalFlops == optimal.totalFlops, "\(dims)")
        }
    }

    @Test("planning is deterministic")
    func deterministic() throws {
        let a = try makePlan(dims: ChainPreset.mixed.dims, planner: .parallel, workers: 2)
        let b = try makePlan(dims: ChainPreset.mixed.dims, planner: .parallel, workers: 2)
        #expect(a.steps == b.steps && a.parenthesization == b.parenthesization)
    }
}
