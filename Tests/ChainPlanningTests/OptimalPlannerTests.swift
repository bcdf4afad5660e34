import Testing
@testable import ChainPlanning
import Vocabulary

@Suite("optimal planner")
struct OptimalPlannerTests {
    @Test("equals the brute-force minimum over all parenthesisations (300 seeded chains of 2–9 factors)")
    func matchesBruteForce() throws {
        for dims in randomChains(count: 300, maxFactors: 9, maxDim: 300, seed: 0xC0FFEE) {
            let plan = try makePlan(dims: dims, planner: .optimal, workers: 0)
            let minimum = try #require(bruteForceFlops(dims, 0, dims.count - 1).min())
            #expect(plan.totalFlops == minimum, "dims \(dims)")
        }
    }

    @Test("never costs more flops than left or tree")
    func noWorseThanFixedOrders() throws {
        for dims in randomChains(count: 200, maxFactors: 12, maxDim: 2000, seed: 7) {
            let optimal = try makePlan(dims: dims, planner: .optimal, workers: 2).totalFlops
            let left = try makePlan(dims: dims, planner: .left, workers: 2).totalFlops
            let tree = try makePlan(dims: dims, planner: .tree, workers: 2).totalFlops
            #expect(optimal <= left && optimal <= tree, "dims \(dims)")
        }
    }

    @Test("ties go to the largest split: equal-cost square chain evaluates left to right")
    func tieRuleIsLeftToRight() throws {
        let plan = try makePlan(dims: ChainPreset.square.dims, planner: .optimal, workers: 0)
        let left = try makePlan(dims: ChainPreset.square.dims, planner: .left, workers: 0)
        #expect(plan.parenthesization == left.parenthesization)
        #expect(plan.parenthesization == "(((((((A·B)·C)·D)·E)·F)·G)·H)")
    }

    @Test("known textbook instance: dims 30,35,15,5,10,20,25 → 15125 multiply-adds")
    func textbookInstance() throws {
        // CLRS 15.2: minimum 15125 scalar multiplications, ((A·(B·C))·((D·E)·F)).
        let plan = try makePlan(dims: [30, 35, 15, 5, 10, 20, 25], planner: .optimal, workers: 0)
        #expect(plan.totalFlops == 2 * 15125)
        #expect(plan.parenthesization == "((A·(B·C))·((D·E)·F))")
    }

    @Test("mixed preset: optimal is far cheaper than left")
    func mixedPreset() throws {
        let optimal = try makePlan(dims: ChainPreset.mixed.dims, planner: .optimal, workers: 2)
        let left = try makePlan(dims: ChainPreset.mixed.dims, planner: .left, workers: 2)
        #expect(optimal.totalFlops == 2.79e9)
        #expect(left.totalFlops > 10 * optimal.totalFlops)
    }
}
