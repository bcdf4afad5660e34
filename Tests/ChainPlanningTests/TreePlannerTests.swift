import Testing
@testable import ChainPlanning
import Vocabulary

@Suite("tree planner")
struct TreePlannerTests {
    @Test("8 factors: ((A·B)·(C·D))·((E·F)·(G·H)), first four products independent and concurrent")
    func eightFactors() throws {
        let plan = try makePlan(dims: ChainPreset.square.dims, planner: .tree, workers: 4)
        #expect(plan.parenthesization == "(((A·B)·(C·D))·((E·F)·(G·H)))")
        let firstFour = plan.steps.prefix(4)
        #expect(firstFour.allSatisfy { plan.dependencies(of: $0.index).isEmpty })
        #expect(firstFour.map(\.expression) == ["(A·B)", "(C·D)", "(E·F)", "(G·H)"])
        #expect(firstFour.allSatisfy { $0.estimatedStart == 0 })  // 4 workers: all at once
        #expect(plan.steps.last?.expression == plan.parenthesization)
    }

    @Test("odd count: the leftover operand is carried to the next level", arguments: [
        (3, "((A·B)·C)"),
        (5, "(((A·B)·(C·D))·E)"),
        (6, "(((A·B)·(C·D))·(E·F))"),
        (7, "(((A·B)·(C·D))·((E·F)·G))"),
    ])
    func oddCounts(factors: Int, expected: String) throws {
        let plan = try makePlan(dims: Array(repeating: 8, count: factors + 1), planner: .tree, workers: 2)
        #expect(plan.parenthesization == expected)
        expectValidPlan(plan)
    }

    @Test("with 2 workers the pairwise products run two at a time")
    func twoWorkers() throws {
        let plan = try makePlan(dims: ChainPreset.square.dims, planner: .tree, workers: 2)
        let starts = plan.steps.map(\.estimatedStart)
        #expect(starts[0] == starts[1] && starts[2] == starts[3] && starts[4] == starts[5])
        #expect(starts[0] < starts[2] && starts[2] < starts[4] && starts[4] < starts[6])
    }
}
