import Glibc
import ResultRows
import Testing
@testable import Harness
import Vocabulary

/// `gemmbench baseline`: a run recorded for its machine class, then read back by `compare`.
@Suite final class BaselineTests: ScratchSpace {
    @Test func aRecordedBaselineIsReadBackByCompare() throws {
        let (status, out) = try sweep(in: scratch) { try makeStubBinary(in: $0) }
        #expect(status == 0)
        let root = makeDirectory()
        let stub = try makeStubBinary(in: makeDirectory())
        #expect(recordBaseline(runs: ["\(out)/latest"], into: root, binary: stub) == .success)
        let folder = "\(root)/StubVendor-avx2"
        #expect(isRegularFile("\(folder)/raw.csv") && isRegularFile("\(folder)/env.json"))
        let tolerances = try Tolerances.load(path: "\(folder)/tolerances.txt")
        #expect(tolerances.defaultTolerance == baselineDefaultTolerance)

        // A second run of the same machine holds against it …
        let (_, again) = try sweep(in: scratch) { try makeStubBinary(in: $0) }
        #expect(runCompare(baseline: root, current: "\(again)/latest", binary: stub) == .success)

        // … and a baseline with every speedup raised 10 % is caught (exact CIs here).
        var rows = try ResultRow.parseCSV(try readFile("\(folder)/raw.csv"), source: "raw.csv")
        for index in rows.indices where rows[index].speedup != 1 { rows[index].speedup! *= 1.1 }
        try writeFile("\(folder)/raw.csv", ResultRow.csvDocument(rows))
        #expect(runCompare(baseline: root, current: "\(again)/latest", binary: stub) == .regressed)
    }

    @Test func aRunWithAFAILOrWithoutCIsOrCPUClassIsRefused() throws {
        let stub = try makeStubBinary(in: makeDirectory())
        let (_, failed) = try sweep(in: scratch) { try makeStubBinary(in: $0, failWhen: "--size 200 --kernel blas --workers 2") }
        #expect(recordBaseline(runs: ["\(failed)/latest"], into: makeDirectory(), binary: stub) == .error)

        let (_, good) = try sweep(in: scratch) { try makeStubBinary(in: $0) }
        var rows = try ResultRow.parseCSV(try readFile("\(good)/latest/raw.csv"), source: "raw.csv")
        rows[2].speedupLow = nil
        try writeFile("\(good)/latest/raw.csv", ResultRow.csvDocument(rows))
        #expect(recordBaseline(runs: ["\(good)/latest"], into: makeDirectory(), binary: stub) == .error)

        // A CI that cannot hold its speedup (a hand-edited or damaged raw.csv) is refused,
        // not silently read as a one-run tolerance.
        let (_, damaged) = try sweep(in: scratch) { try makeStubBinary(in: $0) }
        rows = try ResultRow.parseCSV(try readFile("\(damaged)/latest/raw.csv"), source: "raw.csv")
        let figureIndex = try #require(rows.firstIndex { $0.speedup != nil && $0.speedup != 1 })
        rows[figureIndex].speedupLow = 0
        try writeFile("\(damaged)/latest/raw.csv", ResultRow.csvDocument(rows))
        #expect(recordBaseline(runs: ["\(damaged)/latest"], into: makeDirectory(), binary: stub) == .error)

        let (_, noClass) = try sweep(in: scratch) { try makeStubBinary(in: $0, cpuClass: "") }
        #expect(recordBaseline(runs: ["\(noClass)/latest"], into: makeDirectory(), binary: stub) == .error)
        #expect(recordBaseline(runs: ["\(makeDirectory())/none"], into: makeDirectory(), binary: stub) == .error)
    }

    private func figure(_ readings: [(Double, Double)], key: String = "gemm/n64/blas/w2/t1/shm") throws -> BaselineFigure {
        var row = ResultRow(op: .gemm, m: 64, k: 64, n: 64, kernel: .blas, workers: 2, threads: 1, transport: .shm,
                            reps: 6, medianSeconds: 1, minSeconds: 1, maxSeconds: 1, gflops: 1, residual: 0,
                            verdict: .pass, blasCore: "Zen")
        row.speedup = 2
        let configuration = try #require(BenchConfiguration(row: row))
        return BaselineFigure(key: key, configuration: configuration, readings: readings.map { speedup, half in
            .init(speedup: speedup, low: speedup * (1 - half), high: speedup * (1 + half), rounds: 5)
        })
    }

    @Test func oneRunGetsItsOwnHalfWidthPlusAMarginAtLeastTheDefault() throws {
        #expect(try figure([(2, 0.02)]).tolerance == 0.05)
        #expect(try figure([(2, 0.20)]).tolerance == 0.21)
        #expect(try figure([(2, 0.90)]).tolerance == BaselineFigure.maximum)
    }

    /// Several runs: the lower half-width of `RunPrediction`'s interval (the runs
    /// weighted by their own CIs, plus their spread beyond them), rounded up.
    /// Figures computed by hand (DerSimonian–Laird, each run's error its CI's log
    /// half-width ÷ t(0.975; 4)): centre 1.91990, τ 0.01276, band −5.52 %.
    @Test func severalRunsGetThePredictionInterval() throws {
        let runs = try figure([(1.90, 0.01), (1.96, 0.02), (1.93, 0.01)])
        #expect(runs.tolerance == 0.06, "\(runs.tolerance)")
        #expect(abs(runs.center - 1.919895) < 1e-5, "\(runs.center)")
        #expect(abs(try #require(runs.prediction).logBetweenRunSpread - 0.012756) < 1e-5)
        #expect(runs.derivation.hasPrefix("derived: 3 runs (1.900, 1.960, 1.930), centre 1.920, between runs ±1.3%"),
                "\(runs.derivation)")
        // Runs that agree exactly still get the floor, never 0.
        #expect(try figure([(2, 0), (2, 0), (2, 0)]).tolerance == BaselineFigure.minimum)
        // A figure that moves 30 % and more between runs is judged loosely, up to the cap.
        #expect(try figure([(1.2, 0.01), (2.0, 0.01), (1.6, 0.01)]).tolerance == BaselineFigure.maximum)
        // One run measured in a disturbed minute (wide CI, 13 % low) hardly widens the band.
        #expect(try figure([(1.95, 0.01), (1.94, 0.01), (1.69, 0.25)]).tolerance <= 0.05)
    }

    @Test func handEditsSurviveAReRecordWithTheirReasons() throws {
        let first = BaselineTolerances(figures: [try figure([(2, 0.01), (2.02, 0.01), (1.98, 0.01)])], runs: ["a", "b", "c"],
                                       cpuClass: "X", previous: nil)
        #expect(first.keptHandEdits == 0)
        let edited = first.text + "\n# The host moves these vCPUs apart now and then.\ngemm/*/blas/w2/* = 0.40\n"
        let second = BaselineTolerances(figures: [try figure([(2, 0.01), (2.1, 0.01), (1.9, 0.01)])], runs: ["d", "e", "f"],
                                        cpuClass: "X", previous: edited)
        #expect(second.keptHandEdits == 1)
        #expect(second.text.contains("# The host moves these vCPUs apart now and then.\ngemm/*/blas/w2/* = 0.40\n"))
        #expect(second.text.contains("runs (2.000, 2.100, 1.900)"), "the derived lines are new")
        #expect(!second.text.contains("runs (2.000, 2.020, 1.980)"), "the old derived lines are gone")
        let tolerances = try Tolerances.parse(text: second.text, path: "t.txt")
        #expect(tolerances.tolerance(for: "gemm/n64/blas/w2/t1/shm") == 0.40, "the hand edit wins")
        #expect(second.notes.count == 1 && second.notes[0].hasPrefix("hand edit gemm/*/blas/w2/* = 0.40 kept: it widens 1 figure(s)"),
                "\(second.notes)")
    }

    /// A hand edit of a figure's exact key replaces its derived line: a key may appear once.
    @Test func aHandEditOfOneExactKeyReplacesItsDerivedLine() throws {
        let key = "gemm/n64/blas/w2/t1/shm"
        let previous = "default = 0.05\n# The list schedule moves ~10 % between runs.\n\(key) = 0.12\n"
        let tolerances = BaselineTolerances(figures: [try figure([(2, 0.01), (2.02, 0.01), (1.98, 0.01)])],
                                            runs: ["a", "b", "c"], cpuClass: "X", previous: previous)
        let parsed = try Tolerances.parse(text: tolerances.text, path: "t.txt")
        #expect(parsed.tolerance(for: key) == 0.12)
        #expect(tolerances.text.contains("# overridden by a hand edit below: \(key) = "))
    }

    /// A tolerances.txt written before the marker: its hand lines are those without a derived comment.
    @Test func handEditsOfAnOlderFileAreFoundByTheirComments() {
        let old = """
        # header
        default = 0.05

        # reason one
        gemm/n256/* = 0.10
        gemm/n1024/blas/w2/t1/shm = 0.07    # CI ±5.6%
        # reason two,
        # on two lines
        chain/*/parallel/* = 0.15
        """
        #expect(BaselineTolerances.handEdits(old) == ["# reason one\ngemm/n256/* = 0.10",
                                                      "# reason two,\n# on two lines\nchain/*/parallel/* = 0.15"])
    }

    /// Three stub sweeps recorded together; the same run twice and a class mismatch refused.
    @Test func severalRunsAreRecordedAndMismatchesRefused() throws {
        let runs = try (0..<3).map { _ in try sweep(in: scratch) { try makeStubBinary(in: $0) }.out + "/latest" }
        let root = makeDirectory()
        let stub = try makeStubBinary(in: makeDirectory())
        #expect(recordBaseline(runs: runs, into: root, binary: stub) == .success)
        let environment = try FlatJSONObject.parse(try readFile("\(root)/StubVendor-avx2/env.json"), source: "env.json")
        #expect(environment["baseline_run_count"] == .number("3"))
        let text = try readFile("\(root)/StubVendor-avx2/tolerances.txt")
        #expect(text.contains("gemm/n200/blas/w2/t1/shm = 0.05    # derived: 3 runs (2.000, 2.000, 2.000)"))
        #expect(runCompare(baseline: root, current: runs[1], binary: stub) == .success)

        #expect(recordBaseline(runs: [runs[0], runs[1], runs[0]], into: makeDirectory(), binary: stub) == .error)
        let (_, other) = try sweep(in: scratch) { try makeStubBinary(in: $0, cpuClass: "OtherVendor-avx2") }
        #expect(recordBaseline(runs: [runs[0], "\(other)/latest"], into: makeDirectory(), binary: stub) == .error)
    }
}
