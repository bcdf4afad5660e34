import Testing
@testable import ChainPlanning
import Vocabulary

@Suite("every plan is a valid chain evaluation")
struct PlanValidityTests {
    @Test("random chains × planners × workers 0, 1, 2, 3, 4, 8", arguments: [0, 1, 2, 3, 4, 8])
    func randomChainsAreValid(workers: Int) throws {
        for dims in randomChains(count: 40, maxFactors: 10, maxDim: 3000, seed: UInt64(100 + workers)) {
            for planner in PlannerKind.allCases {
                let plan = try makePlan(dims: dims, planner: planner, workers: workers)
                #expect(plan.dims == dims && plan.planner == planner && plan.workers == workers)
                expectValidPlan(plan)
                #expect(factorNamesInOrder(plan.parenthesization) == (0..<(dims.count - 1)).map(factorName))
            }
        }
    }

    @Test("presets are valid under every planner", arguments: ChainPreset.all)
    func presetsAreValid(preset: ChainPreset) throws {
        for planner in PlannerKind.allCases {
            for workers in [0, 2, 4] {
                expectValidPlan(try makePlan(dims: preset.dims, planner: planner, workers: workers))
            }
        }
    }

    @Test("two factors: one product, the whole chain")
    func twoFactors() throws {
        for planner in PlannerKind.allCases {
            let plan = try makePlan(dims: [3, 4, 5], planner: planner, workers: 2)
            expectValidPlan(plan)
            #expect(plan.steps.count == 1)
            #expect(plan.parenthesization == "(A·B)")
            #expect(plan.totalFlops == 120)
            #expect(plan.dependencies(of: 0).isEmpty)
        }
    }

    @Test("1×1 dims work and are never split into empty tiles")
    func unitDims() throws {
        for planner in PlannerKind.allCases {
            for workers in [0, 1, 2, 4] {
                let plan = try makePlan(dims: Array(repeating: 1, count: 6), planner: planner, workers: workers)
                expectValidPlan(plan)
                #expect(plan.steps.allSatisfy { $0.split == .whole })
                #expect(plan.totalFlops == 8)
            }
        }
    }

    @Test("many workers: splits stay within the per-product tile cap")
    func manyWorkers() throws {
        let plan = try makePlan(dims: [4096, 4096, 4096], planner: .parallel, workers: 200)
        expectValidPlan(plan)
        #expect(plan.steps[0].split.tileCount > 1)
        #expect(plan.steps[0].split.tileCount <= ListScheduler.maxTilesPerProduct)
    }

    @Test("factor names beyond Z: a 30-factor chain is valid and names repeat with a round number")
    func longChain() throws {
        let dims = (0...30).map { 16 + ($0 * 37) % 50 }
        for planner in PlannerKind.allCases {
            let plan = try makePlan(dims: dims, planner: planner, workers: 2)
            expectValidPlan(plan)
            #expect(factorNamesInOrder(plan.parenthesization).last == "D1")  // factor 29
        }
    }
}
