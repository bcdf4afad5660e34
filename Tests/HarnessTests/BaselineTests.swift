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
        #expect(recordBaseline(results: "\(out)/latest", into: root, binary: stub) == 0)
        let folder = "\(root)/StubVendor-avx2"
        #expect(isRegularFile("\(folder)/raw.csv") && isRegularFile("\(folder)/env.json"))
        let tolerances = try Tolerances.load(path: "\(folder)/tolerances.txt")
        #expect(tolerances.defaultTolerance == baselineDefaultTolerance)

        // A second run of the same machine holds against it …
        let (_, again) = try sweep(in: scratch) { try makeStubBinary(in: $0) }
        #expect(runCompare(baseline: root, current: "\(again)/latest", binary: stub) == 0)

        // … and a baseline with every speedup raised 10 % is caught (exact CIs here).
        var rows = try ResultRow.parseCSV(try readFile("\(folder)/raw.csv"), source: "raw.csv")
        for index in rows.indices where rows[index].speedup != 1 { rows[index].speedup! *= 1.1 }
        try writeFile("\(folder)/raw.csv", ResultRow.csvDocument(rows))
        #expect(runCompare(baseline: root, current: "\(again)/latest", binary: stub) == 2)
    }

    @Test func aRunWithAFAILOrWithoutCIsOrCPUClassIsRefused() throws {
        let stub = try makeStubBinary(in: makeDirectory())
        let (_, failed) = try sweep(in: scratch) { try makeStubBinary(in: $0, failWhen: "--size 200 --kernel blas --workers 2") }
        #expect(recordBaseline(results: "\(failed)/latest", into: makeDirectory(), binary: stub) == 1)

        let (_, good) = try sweep(in: scratch) { try makeStubBinary(in: $0) }
        var rows = try ResultRow.parseCSV(try readFile("\(good)/latest/raw.csv"), source: "raw.csv")
        rows[2].speedupLow = nil
        try writeFile("\(good)/latest/raw.csv", ResultRow.csvDocument(rows))
        #expect(recordBaseline(results: "\(good)/latest", into: makeDirectory(), binary: stub) == 1)

        let (_, noClass) = try sweep(in: scratch) { try makeStubBinary(in: $0, cpuClass: "") }
        #expect(recordBaseline(results: "\(noClass)/latest", into: makeDirectory(), binary: stub) == 1)
        #expect(recordBaseline(results: "\(makeDirectory())/none", into: makeDirectory(), binary: stub) == 1)
    }

    @Test func aFigureWithAWideCIGetsAWiderTolerance() throws {
        var tight = ResultRow(op: .gemm, m: 64, k: 64, n: 64, kernel: .blas, workers: 2, threads: 1, transport: .shm,
                              reps: 6, medianSeconds: 1, minSeconds: 1, maxSeconds: 1, gflops: 1, residual: 0,
                              verdict: .pass, blasCore: "Zen")
        tight.speedup = 2; tight.speedupLow = 1.96; tight.speedupHigh = 2.04
        var wide = tight
        wide.n = 128; wide.m = 128; wide.k = 128
        wide.speedupLow = 1.6; wide.speedupHigh = 2.4   // ±20 %
        let derived = derivedTolerances([tight, wide], source: "r", cpuClass: "X")
        #expect(derived.widened == 1)
        let tolerances = try Tolerances.parse(text: derived.text, path: "t.txt")
        #expect(tolerances.tolerance(for: "gemm/n64/blas/w2/t1/shm") == 0.05)
        #expect(tolerances.tolerance(for: "gemm/n128/blas/w2/t1/shm") == 0.21)
    }
}
