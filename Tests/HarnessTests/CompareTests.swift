import ResultRows
import Testing
@testable import Harness
import Vocabulary
import TestSupport

/// Rows as the stub binary measures them (see `makeStubBinary`): gemm n=100
/// reference 1e-05 s, 2 workers 5e-06 s (speedup 2); chain square reference
/// 0.1 s, parallel with 2 workers 0.05 s (speedup 2).
private func stubRows(gemmWorkersMedian: Double = 5e-06, verdict: Verdict = .pass,
                      halfWidth: Double = 0) -> [ResultRow] {
    func gemm(_ workers: Int, _ median: Double, _ transport: Transport?, _ verdict: Verdict = .pass) -> ResultRow {
        ResultRow(op: .gemm, m: 100, k: 100, n: 100, kernel: .blas, workers: workers, threads: 1, transport: transport,
                  reps: 3, medianSeconds: median, minSeconds: median, maxSeconds: median, gflops: 1,
                  residual: 0.1, verdict: verdict, blasCore: "Haswell")
    }
    func chain(_ planner: PlannerKind, _ workers: Int, _ median: Double) -> ResultRow {
        ResultRow(op: .chain, dims: [8, 8, 8], workers: workers, threads: 1, transport: workers > 0 ? .shm : nil,
                  planner: planner, reps: 3, medianSeconds: median, minSeconds: median, maxSeconds: median,
                  gflops: 1, residual: 0.1, verdict: .pass, blasCore: "Haswell", preset: "square")
    }
    return withSpeedups([gemm(0, 1e-05, nil), gemm(2, gemmWorkersMedian, .shm, verdict),
                         chain(.optimal, 0, 0.1), chain(.parallel, 2, 0.05)], halfWidth: halfWidth)
}

/// Scales the speedup of `key` in `rows` (doctoring a baseline).
private func doctored(_ rows: [ResultRow], _ key: String, speedup: Double?) -> [ResultRow] {
    rows.map { row in
        var row = row
        if BenchConfiguration(row: row)?.key == key { row.speedup = speedup }
        return row
    }
}

private struct CompareFixture {
    let root: String
    var baseline: String { "\(root)/baseline" }
    var current: String { "\(root)/current" }

    init(in parent: String, baselineRows: [ResultRow], tolerances: String? = "default = 0.15\n",
         currentRows: [ResultRow] = stubRows(), folder: String = "StubVendor-avx2",
         environment: String = #"{"cpu_class": "StubVendor-avx2", "min_reps": 1, "min_seconds": 0}"#) throws {
        root = makeTemporaryDirectory(under: parent)
        try makeDirectories("\(baseline)/\(folder)")
        try writeFile("\(baseline)/\(folder)/raw.csv", ResultRow.csvDocument(baselineRows))
        if let tolerances { try writeFile("\(baseline)/\(folder)/tolerances.txt", tolerances) }
        try makeDirectories(current)
        try writeFile("\(current)/raw.csv", ResultRow.csvDocument(currentRows))
        try writeFile("\(current)/env.json", environment + "\n")
    }

    func compare(_ stub: (String) throws -> String = { try makeStubBinary(in: $0) }) throws -> Int32 {
        // The documented number, so the tests check the contract itself.
        runCompare(baseline: baseline, current: current, binary: try stub(root)).rawValue
    }
}

private let gemmKey = "gemm/n100/blas/w2/t1/shm"

@Suite final class CompareTests: ScratchSpace {
    @Test func identicalFiguresHold() throws {
        #expect(try CompareFixture(in: scratch, baselineRows: stubRows()).compare() == 0)
    }

    @Test func aChangeWithinToleranceHolds() throws {
        // Baseline 2.2, current 2.0: −9.1 %, inside the default 15 %.
        let fixture = try CompareFixture(in: scratch, baselineRows: doctored(stubRows(), gemmKey, speedup: 2.2))
        #expect(try fixture.compare() == 0)
    }

    @Test func aFigureBelowTheBandWithItsCIBelowTheBaselineIsARegressionWithoutReMeasuring() throws {
        // Baseline 2.857, current 2.0 ± 5 % (2.0 < 2.857 × 0.85 = 2.43, upper end 2.1 < 2.857):
        // decided from the run alone, so a binary that would crash is never run.
        let fixture = try CompareFixture(in: scratch, baselineRows: doctored(stubRows(), gemmKey, speedup: 2.0 / 0.7),
                                         currentRows: stubRows(halfWidth: 0.05))
        #expect(try fixture.compare { try makeStubBinary(in: $0, crashWhen: "--workers") } == 2)
    }

    @Test func aCIThatStraddlesTheThresholdGetsExtraRoundsThatConfirmARegression() throws {
        // Baseline 3.0 (floor 2.55), current 2.0 with CI [0.8, 3.2]: below the floor but
        // inconclusive, its CI reaching the baseline, until the stub's extra rounds
        // (always 2.0 exactly) narrow the pooled CI to [2.0, 2.0].
        let fixture = try CompareFixture(in: scratch, baselineRows: doctored(stubRows(), gemmKey, speedup: 3.0),
                                         currentRows: stubRows(halfWidth: 0.6))
        #expect(try fixture.compare() == 2)
    }

    @Test func aNoisyReadingThatReMeasuresWellHolds() throws {
        // The sweep read 1.4, below the floor 1.7, with CI [0.77, 2.03] reaching the baseline
        // 2.0 (a hiccup); extra rounds of the configuration beside its reference give 2.0.
        let fixture = try CompareFixture(in: scratch, baselineRows: stubRows(),
                                         currentRows: stubRows(gemmWorkersMedian: 1e-05 / 1.4, halfWidth: 0.45))
        #expect(try fixture.compare() == 0)
    }

    /// samples.csv for the gemm figure and its reference: three rounds each, the
    /// figure's round 2 probed at `farProbe` ns (the others at 150).
    private func writeSamples(_ fixture: CompareFixture, farProbe: Double) throws {
        var text = "config,round,run,seconds,steal_pct,other_load,core_rt_ns\n"
        for round in 1...3 {
            text += "gemm/n100/blas/w0/t1,\(round),1,1e-05,0,0,150\n"
            text += "\(gemmKey),\(round),1,\(round == 2 ? "1e-05" : "5e-06"),0,0,\(round == 2 ? farProbe : 150)\n"
        }
        try writeFile("\(fixture.current)/samples.csv", text)
    }

    /// A regression whose rounds include one measured with the vCPUs far apart (probe
    /// 600 ns against a run median of 150) is measured again, near, before it counts.
    @Test func aRegressionMeasuredFarIsReMeasuredBeforeItCounts() throws {
        let far = try CompareFixture(in: scratch, baselineRows: stubRows(),
                                     currentRows: stubRows(gemmWorkersMedian: 1e-05 / 1.4, halfWidth: 0.05))
        try writeSamples(far, farProbe: 600)
        let stub = try makeStubBinary(in: far.root)
        #expect(runCompare(baseline: far.baseline, current: far.current, binary: stub, probeCoreRoundTrip: { 150 }) == .success)

        // The same reading with every round near: decided from the CI, nothing re-run.
        let near = try CompareFixture(in: scratch, baselineRows: stubRows(),
                                      currentRows: stubRows(gemmWorkersMedian: 1e-05 / 1.4, halfWidth: 0.05))
        try writeSamples(near, farProbe: 150)
        let crashing = try makeStubBinary(in: near.root, crashWhen: "--workers")
        #expect(runCompare(baseline: near.baseline, current: near.current, binary: crashing, probeCoreRoundTrip: { 150 }) == .regressed)
    }

    @Test func theReportCountsVerdictsPerSectionWithAGeometricMean() {
        func figure(_ key: String, _ baseline: Double, _ current: Double, _ verdict: FigureComparison.Verdict) -> FigureComparison {
            FigureComparison(key: key, baseline: baseline, current: current, currentLow: current, currentHigh: current,
                             tolerance: 0.05, verdict: verdict)
        }
        let report = CompareReport(figures: [figure("gemm/a", 2, 1.6, .regressed), figure("gemm/b", 1, 1.25, .improved),
                                             figure("chain/c", 1.5, 1.5, .holds)], errors: 0, baselineFile: "b/raw.csv")
        // gemm: exp(mean(log 0.8, log 1.25)) = 1 → +0.0 %; all: (0.8 · 1.25 · 1)^(1/3) = 1.
        #expect(report.sectionTable.rows == [["gemm", "2", "1", "1", "0", "0", "+0.0"], ["chain", "1", "0", "0", "1", "0", "+0.0"]])
        #expect(report.summary == "compare: 3 figures against b/raw.csv: 1 regressed, 1 improved, 1 within noise; geometric-mean change +0.0%")
        #expect(report.text.hasSuffix(report.summary + "\n"))
        #expect(report.markdown.contains("| section | figures | regressed |"))
        #expect(report.markdown.contains("| **REGRESSED** |"))
        #expect(report.markdown.hasPrefix("### gemmbench compare\n\n3 figures against b/raw.csv: 1 regressed"))
    }

    @Test func aCIInsideTheBandHoldsWithoutReMeasuring() throws {
        let fixture = try CompareFixture(in: scratch, baselineRows: stubRows(), currentRows: stubRows(halfWidth: 0.1))
        #expect(try fixture.compare { try makeStubBinary(in: $0, crashWhen: "--workers") } == 0)
    }

    /// Synthetic figures and CIs against baseline 2.0 with tolerance 0.1 (band
    /// [1.8, 2.2]): regressed takes the figure below the band AND the whole CI
    /// below the baseline; improved the mirror image.
    @Test(arguments: [
        (1.6, 1.5, 1.7, FigureComparison.Verdict.regressed, false),
        (1.75, 1.6, 1.95, .regressed, false),   // CI reaches into the band, not to the baseline
        (1.75, 1.6, 2.05, .holds, true),        // below the band, CI reaches the baseline: more rounds
        (1.85, 1.7, 1.9, .holds, false),        // CI below the baseline, figure inside the band
        (2.0, 1.85, 2.15, .holds, false),
        (2.1, 2.05, 2.3, .holds, false),
        (2.3, 2.25, 2.4, .improved, false),
        (2.25, 1.95, 2.5, .holds, false),       // above the band, CI reaches the baseline
    ])
    func verdictsFollowTheFigureAndItsCI(current: Double, low: Double, high: Double,
                                         verdict: FigureComparison.Verdict, straddles: Bool) {
        let figure = FigureComparison(key: "k", baseline: 2.0, current: current, currentLow: low,
                                      currentHigh: high, tolerance: 0.1, verdict: .error)
        #expect(figure.judged().verdict == verdict)
        #expect(figure.judged().straddlesRegression == straddles)
    }

    @Test func aCurrentRunWithoutSpeedupCIsIsAnError() throws {
        var rows = stubRows()
        for index in rows.indices { rows[index].speedupLow = nil; rows[index].speedupHigh = nil }
        #expect(try CompareFixture(in: scratch, baselineRows: stubRows(), currentRows: rows).compare() == 1)
    }

    @Test func anEnvironmentWithoutTheRepeatRuleIsAnError() throws {
        for environment in [#"{"cpu_class": "StubVendor-avx2", "min_seconds": 0}"#,
                            #"{"cpu_class": "StubVendor-avx2", "min_reps": 1}"#] {
            let fixture = try CompareFixture(in: scratch, baselineRows: stubRows(), environment: environment)
            #expect(try fixture.compare() == 1, "\(environment)")
        }
    }

    @Test func improvementsNeverFail() throws {
        let fixture = try CompareFixture(in: scratch, baselineRows: doctored(stubRows(), gemmKey, speedup: 1.0))
        #expect(try fixture.compare() == 0)
    }

    @Test func aPerFigureToleranceOverridesTheDefault() throws {
        let rows = doctored(stubRows(), gemmKey, speedup: 2.0 / 0.7)
        let loose = try CompareFixture(in: scratch, baselineRows: rows, tolerances: "default = 0.1\ngemm/*/w2/* = 0.35\n")
        #expect(try loose.compare() == 0)
        let tight = try CompareFixture(in: scratch, baselineRows: doctored(stubRows(), gemmKey, speedup: 2.2),
                                       tolerances: "default = 0.5\ngemm/n100/* = 0.05\n")
        #expect(try tight.compare() == 2)
    }

    @Test func aFAILedCurrentProductIsARegression() throws {
        let fixture = try CompareFixture(in: scratch, baselineRows: stubRows(), currentRows: stubRows(verdict: .fail))
        #expect(try fixture.compare() == 2)
    }

    @Test func aMissingBaselineDirectoryIsAnError() throws {
        let fixture = try CompareFixture(in: scratch, baselineRows: stubRows())
        let stub = try makeStubBinary(in: fixture.root)
        #expect(runCompare(baseline: "\(fixture.root)/nowhere", current: fixture.current, binary: stub) == .error)
        #expect(runCompare(baseline: fixture.baseline, current: "\(fixture.root)/nowhere", binary: stub) == .error)
    }

    @Test func noFolderForTheCPUClassAndNoPortableFolderIsAnError() throws {
        #expect(try CompareFixture(in: scratch, baselineRows: stubRows(), folder: "OtherVendor-avx512").compare() == 1)
    }

    @Test func thePortableFolderIsTheFallback() throws {
        #expect(try CompareFixture(in: scratch, baselineRows: stubRows(), folder: "portable").compare() == 0)
        let regressed = try CompareFixture(in: scratch, baselineRows: doctored(stubRows(), gemmKey, speedup: 3),
                                           folder: "portable")
        #expect(try regressed.compare() == 2)
    }

    @Test func aConfigurationMissingFromTheCurrentRunIsAnError() throws {
        let current = stubRows().filter { $0.planner != .parallel }
        #expect(try CompareFixture(in: scratch, baselineRows: stubRows(), currentRows: current).compare() == 1)
    }

    @Test func aFigureWithoutToleranceIsAnError() throws {
        // Only gemm figures are covered; the chain figure has none and there is no default.
        #expect(try CompareFixture(in: scratch, baselineRows: stubRows(), tolerances: "gemm/* = 0.2\n").compare() == 1)
        #expect(try CompareFixture(in: scratch, baselineRows: stubRows(), tolerances: nil).compare() == 1)
    }

    @Test func aBaselineFigureWithoutSpeedupIsAnError() throws {
        #expect(try CompareFixture(in: scratch, baselineRows: doctored(stubRows(), gemmKey, speedup: nil)).compare() == 1)
    }

    @Test func aReMeasurementThatCrashesIsAnError() throws {
        let fixture = try CompareFixture(in: scratch, baselineRows: doctored(stubRows(), gemmKey, speedup: 3),
                                         currentRows: stubRows(halfWidth: 0.6))
        #expect(try fixture.compare { try makeStubBinary(in: $0, crashWhen: "--workers 2") } == 1)
    }

    @Test func selectionPrefersTheCPUClassThenPortable() throws {
        let root = makeDirectory()
        try makeDirectories("\(root)/GenuineIntel-avx512")
        try makeDirectories("\(root)/portable")
        #expect(try BaselineSelection.select(in: root, cpuClass: "GenuineIntel-avx512")
                == BaselineSelection(directory: "\(root)/GenuineIntel-avx512", isPortable: false))
        #expect(try BaselineSelection.select(in: root, cpuClass: "AuthenticAMD-avx2")
                == BaselineSelection(directory: "\(root)/portable", isPortable: true))
        #expect(try BaselineSelection.select(in: root, cpuClass: nil).isPortable)
        try writeFile("\(root)/tolerances.txt", "default = 0.1\n")
        #expect(try BaselineSelection.select(in: root, cpuClass: "GenuineIntel-avx512").directory == root)
    }
}

@Suite struct ToleranceTests {
    @Test func lastMatchingPatternWinsThenTheDefault() throws {
        let tolerances = try Tolerances.parse(text: """
        default = 0.15
        gemm/* = 0.2
        gemm/n256/* = 0.4
        chain/*/parallel/w2/t1/shm = 0.25
        """, path: "t.txt")
        #expect(tolerances.tolerance(for: "gemm/n256/blas/w2/t1/shm") == 0.4)
        #expect(tolerances.tolerance(for: "gemm/n2048/blas/w2/t1/shm") == 0.2)
        #expect(tolerances.tolerance(for: "chain/mixed/parallel/w2/t1/shm") == 0.25)
        #expect(tolerances.tolerance(for: "chain/mixed/left/w2/t1/shm") == 0.15)
        let noDefault = try Tolerances.parse(text: "gemm/* = 0.2\n", path: "t.txt")
        #expect(noDefault.tolerance(for: "chain/square/tree/w2/t1/shm") == nil)
    }

    @Test(arguments: [
        ("default = 1.5\n", "t.txt:1: 'default': tolerance must be one number in [0, 1)"),
        ("default = 0.1, 0.2\n", "t.txt:1: 'default': tolerance must be one number in [0, 1)"),
        ("# c\nspeed = 0.1\n", "t.txt:2: unknown key 'speed' (expected 'default' or a configuration pattern such as gemm/n2048/blas/w2/t1/shm)"),
        ("default = 0.1\n[x]\n", "t.txt:2: tolerance files have no sections"),
        ("default = 0.1\ndefault = 0.2\n", "t.txt:2: duplicate key 'default' (first set on line 1)"),
    ])
    func malformedTolerancesNameFileAndLine(text: String, message: String) {
        do {
            _ = try Tolerances.parse(text: text, path: "t.txt")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test(arguments: [("a*c", "abc", true), ("a*c", "ac", true), ("a*c", "ab", false), ("*", "", true),
                      ("gemm/*/w2/*", "gemm/n1/blas/w2/t1/shm", true), ("gemm/*/w2/*", "gemm/n1/blas/w4/t1", false),
                      ("exact", "exact", true), ("exact", "exactly", false), ("**a", "xa", true)])
    func globMatching(pattern: String, text: String, matches: Bool) {
        #expect(globMatches(pattern, text) == matches)
    }
}

@Suite struct MachineLoadNoteTests {
    @Test func aBusyRunIsNamedAQuietOneIsNot() throws {
        let busy = try FlatJSONObject.parse(#"{"other_load_mean": 0.48, "steal_pct": 0.01}"#, source: "env.json")
        #expect(machineLoadNote(busy)?.contains("0.48 cores") == true)
        let stolen = try FlatJSONObject.parse(#"{"other_load_mean": 0.01, "steal_pct": 12.5}"#, source: "env.json")
        #expect(machineLoadNote(stolen)?.contains("12.5%") == true)
        let quiet = try FlatJSONObject.parse(#"{"other_load_mean": 0.007, "steal_pct": 0.01}"#, source: "env.json")
        #expect(machineLoadNote(quiet) == nil)
        #expect(machineLoadNote(try FlatJSONObject.parse("{}", source: "env.json")) == nil, "older runs record no load")
    }
}

@Suite struct FarCoresNoteTests {
    private func figure(current: Double?, baseline: Double?) -> FigureComparison {
        var figure = FigureComparison(key: "gemm/n256/blas/w0/t2", baseline: 1.84, tolerance: 0.15, verdict: .regressed)
        figure.currentRoundTripNs = current
        figure.baselineRoundTripNs = baseline
        return figure
    }

    /// Fires above `farCoresRoundTripRatio` × the baseline's round trip, naming both.
    @Test func aFarRoundTripIsNamedBesideTheFigure() throws {
        let note = try #require(farCoresNote(figure(current: 480, baseline: 160)))
        #expect(note.hasPrefix("gemm/n256/blas/w0/t2: "))
        #expect(note.contains("480 ns") && note.contains("160 ns"))
    }

    /// Silent at or below the ratio, and when either row lacks `core_rt_ns` (older files).
    @Test func silentBelowTheRatioOrWithoutTheColumn() {
        #expect(farCoresNote(figure(current: 160 * farCoresRoundTripRatio, baseline: 160)) == nil)
        #expect(farCoresNote(figure(current: 200, baseline: 160)) == nil)
        #expect(farCoresNote(figure(current: 480, baseline: nil)) == nil, "a baseline without the column says nothing")
        #expect(farCoresNote(figure(current: nil, baseline: 160)) == nil)
    }
}
