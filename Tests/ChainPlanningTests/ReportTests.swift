import Testing
@testable import ChainPlanning
import Vocabulary

@Suite("plan text and CSV")
struct ReportTests {
    @Test("CSV header and one row per step with plain numbers")
    func csv() throws {
        let plan = try makePlan(dims: ChainPreset.mixed.dims, planner: .parallel, workers: 2)
        #expect(ChainPlan.csvHeader == "step,expression,m,k,n,flops,split,est_start_s,est_finish_s")
        let rows = plan.csvRows
        #expect(rows.count == plan.steps.count)
        for (row, step) in zip(rows, plan.steps) {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(cells.count == ChainPlan.csvColumns.count)
            #expect(cells[0] == String(step.index))
            #expect(cells[1] == step.expression)
            #expect(cells[2...4] == [String(step.m), String(step.k), String(step.n)])
            #expect(Double(cells[5]) == step.flops && !cells[5].contains("e"))
            #expect(cells[6] == "\(step.split.rows)x\(step.split.cols)")
            let start = try #require(Double(cells[7])), finish = try #require(Double(cells[8]))
            #expect(abs(start - step.estimatedStart) <= 5e-10 && abs(finish - step.estimatedFinish) <= 5e-10)
        }
    }

    @Test("describe() shows the parenthesisation, every step, totals and the model")
    func describe() throws {
        let plan = try makePlan(dims: ChainPreset.square.dims, planner: .parallel, workers: 2)
        let text = plan.describe()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "chain 1024x1024x1024x1024x1024x1024x1024x1024x1024 (8 factors), planner parallel, 2 workers")
        #expect(lines[1] == "Y = \(plan.parenthesization)")
        #expect(lines[2].hasPrefix("step"))
        #expect(lines.count == 3 + plan.steps.count + 2)
        #expect(lines[3].contains("(A·B)") && lines[3].contains("A·B") && lines[3].contains("2.147"))
        #expect(lines[3 + plan.steps.count - 1].contains("#4·#5"))
        #expect(lines[3 + plan.steps.count].hasPrefix("total 15.032 GFLOP in 7 products, estimated "))
        #expect(lines.last!.hasPrefix("cost model: peak 40.0 GFLOP/s"))
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
    }

    @Test("single-process plans say so")
    func singleProcess() throws {
        let plan = try makePlan(dims: [2, 3, 4], planner: .left, workers: 0)
        #expect(plan.describe().hasPrefix("chain 2x3x4 (2 factors), planner left, single process\n"))
    }
}
