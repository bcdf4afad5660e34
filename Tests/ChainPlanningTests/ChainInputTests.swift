import Testing
@testable import ChainPlanning
import Vocabulary

@Suite("presets, names, tiles and input errors")
struct ChainInputTests {
    @Test("presets have the documented dims and are found by name")
    func presets() {
        #expect(ChainPreset.all.map(\.name) == ["square", "mixed", "skinny"])
        #expect(ChainPreset.named("square")?.dims == Array(repeating: 1024, count: 9))
        #expect(ChainPreset.named("mixed")?.dims == [2000, 500, 3000, 200, 2500, 1000, 150, 2000, 800])
        #expect(ChainPreset.named("skinny")?.dims == [4000, 64, 4000, 64, 4000, 64, 4000, 64, 4000])
        #expect(ChainPreset.named("Square") == nil)
        #expect(ChainPreset.named("") == nil)
    }

    @Test("planner names are the CLI's")
    func plannerNames() {
        #expect(PlannerKind.allCases.map(\.rawValue) == ["left", "optimal", "tree", "parallel"])
        #expect(PlannerKind(rawValue: "parallel") == .parallel)
        #expect(PlannerKind(rawValue: "greedy") == nil)
    }

    @Test("factor names: A…Z then A1…", arguments: [
        (0, "A"), (7, "H"), (25, "Z"), (26, "A1"), (27, "B1"), (51, "Z1"), (52, "A2"), (-1, "?"),
    ])
    func names(index: Int, name: String) {
        #expect(factorName(index) == name)
    }

    @Test("tiles partition the result exactly, largest band ⌈m/rows⌉")
    func tilesPartition() {
        for (m, n, rows, cols) in [(10, 7, 3, 2), (1024, 1024, 2, 2), (5, 5, 5, 1), (1, 9, 1, 4)] {
            let tiles = TileSplit(rows: rows, cols: cols).tiles(m: m, n: n)
            #expect(tiles.count == rows * cols)
            #expect(tiles.reduce(0) { $0 + $1.rows.count * $1.cols.count } == m * n)
            #expect(tiles.map(\.rows.count).max() == (m + rows - 1) / rows)
            var covered = Set<Int>()
            for tile in tiles { for r in tile.rows { for c in tile.cols { covered.insert(r * n + c) } } }
            #expect(covered.count == m * n)
        }
        #expect(TileSplit.whole.tiles(m: 3, n: 4) == [.init(rows: 0..<3, cols: 0..<4)])
        #expect(TileSplit(rows: 4, cols: 1).tiles(m: 2, n: 2).count == 2)  // empty bands dropped
        #expect(TileSplit(rows: 2, cols: 3).description == "2x3")
    }

    @Test("too few dims", arguments: [[Int](), [5], [5, 6]])
    func tooFewDims(dims: [Int]) {
        #expect(throws: ChainPlanError.tooFewDims(count: dims.count)) {
            try makePlan(dims: dims, planner: .optimal, workers: 0)
        }
    }

    @Test("a dim ≤ 0 is named by position")
    func nonPositiveDim() {
        #expect(throws: ChainPlanError.nonPositiveDim(index: 2, value: 0)) {
            try makePlan(dims: [3, 4, 0, 5], planner: .tree, workers: 0)
        }
        #expect(throws: ChainPlanError.nonPositiveDim(index: 0, value: -7)) {
            try makePlan(dims: [-7, 4, 5], planner: .parallel, workers: 2)
        }
        #expect(ChainPlanError.nonPositiveDim(index: 2, value: 0).description
                == "chain dims: dim 2 is 0, every dim must be at least 1")
    }

    @Test("negative workers")
    func negativeWorkers() {
        #expect(throws: ChainPlanError.negativeWorkers(-1)) {
            try makePlan(dims: [3, 4, 5], planner: .parallel, workers: -1)
        }
        #expect(ChainPlanError.negativeWorkers(-1).description.contains("-1"))
    }

    @Test("every error prints one line")
    func oneLineErrors() {
        let errors: [ChainPlanError] = [
            .tooFewDims(count: 1), .nonPositiveDim(index: 0, value: 0), .negativeWorkers(-2),
            .noCalibrationSamples, .invalidCalibrationSample(index: 3, reason: "took 0 s"),
            .invalidCostModel(reason: "x"),
        ]
        for error in errors {
            #expect(!error.description.isEmpty && !error.description.contains("\n"))
        }
    }
}
