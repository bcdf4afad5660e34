import Glibc
import ResultRows
import Testing
@testable import Harness
import func SystemBoundary.affinity
import Vocabulary
import TestSupport

let smallSuite = """
min_reps = 2
rounds = 3
min_seconds = 0
[gemm]
sizes = 100, 200
kernels = blas
workers = 2
threads = 1
[chain]
presets = square
planners = left, parallel
workers = 2

"""

/// Runs a sweep of `suite` against `stub` into a fresh directory under `parent`.
/// `probes`: whether the sweep probes the inter-core round trip before each child. Off by
/// default so a round read as far-placed on a busy test machine never adds extra rounds
/// to a test that counts them; the round-trip tests turn it on.
func sweep(suite: String = smallSuite, in parent: String, seed: UInt64? = nil, probes: Bool = false,
           stub: (String) throws -> String) throws -> (status: Int32, out: String) {
    let directory = makeTemporaryDirectory(under: parent)
    try writeFile("\(directory)/small.suite", suite)
    let binary = try stub(directory)
    var options = SweepOptions(suite: "\(directory)/small.suite", outDirectory: "\(directory)/results",
                               binary: binary, runID: "20261125T193000Z", orderSeed: seed)
    options.probesCoreRoundTrip = probes
    // The documented number, so the tests below check the contract itself.
    let status = runSweep(options).rawValue
    return (status, "\(directory)/results")
}

@Suite final class SweepTests: ScratchSpace {
    @Test func passingSweepWritesEveryFileAndPointsLatestAtIt() throws {
        let (status, out) = try sweep(in: scratch, probes: true) { try makeStubBinary(in: $0) }
        #expect(status == 0)
        let run = "\(out)/20261125T193000Z"
        var target = [CChar](repeating: 0, count: 256)
        let length = readlink("\(out)/latest", &target, 255)
        #expect(length > 0 && String(cString: target) == "20261125T193000Z", "latest is a relative link to the run")

        let rows = try ResultRow.parseCSV(try readFile("\(out)/latest/raw.csv"), source: "raw.csv")
        #expect(rows.map { BenchConfiguration(row: $0)!.key } == [
            "gemm/n100/blas/w0/t1", "gemm/n100/blas/w0/t2", "gemm/n100/blas/w2/t1/shm", "gemm/n100/swift/w0/t1",
            "gemm/n200/blas/w0/t1", "gemm/n200/blas/w0/t2", "gemm/n200/blas/w2/t1/shm", "gemm/n200/swift/w0/t1",
            "chain/square/optimal/w0/t1", "chain/square/left/w2/t1/shm", "chain/square/parallel/w2/t1/shm",
        ])
        // The stub's medians: gemm n³·1e-11 ÷ (workers, else threads) × 2 for swift; chain 0.1 ÷ workers.
        #expect(rows.map(\.speedup) == [1, 2, 2, 0.5, 1, 2, 2, 0.5, 1, 2, 2])
        #expect(rows.allSatisfy { $0.op == .gemm || $0.preset == "square" })

        // Rounds: every configuration ran 3 times with 2 samples each (more where a probe
        // read far); the stub's samples are all equal, so every CI is the point value and
        // nothing is noisy.
        #expect(rows.allSatisfy { ($0.rounds ?? 0) >= 3 && $0.reps == 2 * ($0.rounds ?? 0) && $0.noisy == false })
        // (The stub's timings differ in the last bit between rounds: equal to 1e-9.)
        func same(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) <= 1e-9 * b } ?? false }
        #expect(rows.allSatisfy { same($0.ciLowSeconds, $0.medianSeconds) && same($0.ciHighSeconds, $0.medianSeconds) },
                "\(rows.map { ($0.ciLowSeconds, $0.medianSeconds, $0.ciHighSeconds, $0.rounds) })")
        #expect(rows.map(\.speedupLow) == rows.map(\.speedup) && rows.map(\.speedupHigh) == rows.map(\.speedup))
        // Efficiency = speedup ÷ processes × threads; pct_peak against the stub's 50 GFLOP/s per core.
        #expect(rows.map(\.efficiency) == [1, 1, 1, 0.5, 1, 1, 1, 0.5, 1, 1, 1])
        #expect(rows[0].percentOfPeak == 400 && rows[2].percentOfPeak == 400 && rows[3].percentOfPeak == 200)

        let gemm = try CSV.parse(try readFile("\(run)/speedup-gemm.csv"), source: "g")
        #expect(gemm.first == ["n", "baseline_s", "baseline_ci_lo_s", "baseline_ci_hi_s", "baseline_gflops",
                               "baseline_pct_peak", "blas_w2_t1_shm", "blas_w2_t1_shm_lo", "blas_w2_t1_shm_hi",
                               "blas_w0_t2", "blas_w0_t2_lo", "blas_w0_t2_hi", "swift_w0_t1", "swift_w0_t1_lo",
                               "swift_w0_t1_hi"])
        #expect(gemm.dropFirst().map { Array($0.prefix(7)) } == [["100", "0.00001", "0.00001", "0.00001", "200.00", "400.0", "2.000"],
                                                                 ["200", "0.00008", "0.00008", "0.00008", "200.00", "400.0", "2.000"]])
        let chain = try CSV.parse(try readFile("\(run)/speedup-chain.csv"), source: "c")
        #expect(chain == [["preset", "dims", "baseline_s", "baseline_ci_lo_s", "baseline_ci_hi_s", "left_w2_t1_shm",
                           "left_w2_t1_shm_lo", "left_w2_t1_shm_hi", "parallel_w2_t1_shm", "parallel_w2_t1_shm_lo",
                           "parallel_w2_t1_shm_hi"],
                          ["square", "8x8x8", "0.1", "0.1", "0.1", "2.000", "2.000", "2.000", "2.000", "2.000", "2.000"]])
        #expect(isRegularFile("\(run)/efficiency-gemm.csv"))
        let samples = try SamplesFile.parse(try readFile("\(run)/samples.csv"), source: "samples.csv")
        // Three rounds of two runs each; a round whose probe read far (FarPlacementRule) adds extra rounds.
        #expect(samples.count == 11 && samples.values.allSatisfy { $0.count >= 3 && $0.allSatisfy { $0.samples.count == 2 } })
        // The inter-core round trip probed before each child: in samples.csv, raw.csv and env.json.
        // A probe preempted past its limit on a busy machine leaves a cell empty, so only
        // "empty or positive" holds everywhere (CoreRoundTripRecordTests checks exact values).
        let sampleRecords = try CSV.parse(try readFile("\(run)/samples.csv"), source: "samples.csv")
        let roundTripColumn = try #require(sampleRecords.first?.firstIndex(of: "core_rt_ns"))
        let probed = try affinity().count >= 2
        #expect(sampleRecords.dropFirst().allSatisfy { probed ? $0[roundTripColumn].isEmpty || (Double($0[roundTripColumn]) ?? 0) > 0
                                                               : $0[roundTripColumn].isEmpty })
        #expect(rows.allSatisfy { probed ? ($0.coreRoundTripNs ?? 1) > 0 : $0.coreRoundTripNs == nil })
        // Of 33 probes at least one lands, so the column cannot be empty throughout.
        if probed { #expect(rows.contains { $0.coreRoundTripNs != nil }, "no row carries core_rt_ns") }

        let environment = try FlatJSONObject.parse(try readFile("\(run)/env.json"), source: "env.json")
        #expect(environment["cpu_class"] == .string("StubVendor-avx2"))
        #expect(environment["suite"] == .string("small"))
        #expect(environment["suite_text"] == .string(smallSuite))
        #expect(environment["git_commit"] == .string("unknown"))  // /tmp is no repository
        #expect(environment["min_reps"] == .number("2"))
        let farRuns = environment["far_child_runs"]?.stringValue.flatMap { Int($0) } ?? 0
        #expect(environment["rounds"] == .number("3") && (environment["extra_rounds"] == .number("0") || farRuns > 0))
        #expect(environment["order_seed"]?.stringValue.flatMap { UInt64($0) } != nil)
        #expect(environment["steal_pct"] != nil && environment["other_load_mean"] != nil)
        let roundTrips = ["min", "median", "max"].compactMap { environment["core_rt_ns_\($0)"]?.stringValue.flatMap { Double($0) } }
        #expect(probed ? roundTrips.count == 3 && roundTrips == roundTrips.sorted() && roundTrips[0] > 0 : roundTrips.isEmpty,
                "\(roundTrips)")
        #expect(environment["noisy_rows"] == .number("0"))
        #expect(environment["date"]?.stringValue?.hasSuffix("Z") == true)
        #expect(environment["hostname"] != nil)
        #expect(!fileExists("\(run)/raw.csv.tmp-\(getpid())"), "no temporary file is left behind")
    }

    @Test func aFailedVerificationIsKeptInTheCSVAndFailsTheSweep() throws {
        let (status, out) = try sweep(in: scratch) { try makeStubBinary(in: $0, failWhen: "--size 200 --kernel blas --workers 2") }
        #expect(status == 1)
        let rows = try ResultRow.parseCSV(try readFile("\(out)/latest/raw.csv"), source: "raw.csv")
        let failed = rows.filter { $0.verdict == .fail }
        #expect(failed.count == 1)
        #expect(failed.first.map { BenchConfiguration(row: $0)!.key } == "gemm/n200/blas/w2/t1/shm")
        #expect(failed.first?.speedup == nil, "a wrong answer is never reported as a speed")
        #expect(rows.count == 11, "the sweep went on after the FAIL")
    }

    @Test func aCrashingChildIsAnErrorAndTheSweepGoesOn() throws {
        let (status, out) = try sweep(in: scratch) { try makeStubBinary(in: $0, crashWhen: "--planner left") }
        #expect(status == 1)
        let rows = try ResultRow.parseCSV(try readFile("\(out)/latest/raw.csv"), source: "raw.csv")
        #expect(rows.count == 10)
        #expect(!rows.contains { $0.planner == .left })
        #expect(rows.contains { $0.planner == .parallel })
    }

    @Test func aMissingSuiteIsAUsageError() throws {
        let directory = makeDirectory()
        let status = runSweep(SweepOptions(suite: "\(directory)/none.suite", outDirectory: directory, binary: "/bin/false"))
        #expect(status == .usageError)
        try writeFile("\(directory)/bad.suite", "min_reps = 1\n")
        #expect(runSweep(SweepOptions(suite: "\(directory)/bad.suite", outDirectory: directory, binary: "/bin/false")) == .usageError)
    }

    @Test func aLatestThatIsNotASymlinkFailsBeforeMeasuring() throws {
        let directory = makeDirectory()
        try writeFile("\(directory)/small.suite", smallSuite)
        try makeDirectories("\(directory)/out/latest")
        let options = SweepOptions(suite: "\(directory)/small.suite", outDirectory: "\(directory)/out",
                                   binary: try makeStubBinary(in: directory), runID: "run")
        #expect(runSweep(options) == .error)
        #expect(!fileExists("\(directory)/out/run"), "nothing was measured")
    }

    @Test func aBinaryThatCannotReportInfoFailsBeforeMeasuring() throws {
        let (status, out) = try sweep(in: scratch) { _ in "/bin/false" }
        #expect(status == 1)
        #expect(!fileExists("\(out)/latest"))
    }

    @Test func aSecondRunWithTheSameIDGetsASuffixAndBecomesLatest() throws {
        let directory = makeDirectory()
        try writeFile("\(directory)/small.suite", smallSuite)
        let binary = try makeStubBinary(in: directory)
        let options = SweepOptions(suite: "\(directory)/small.suite", outDirectory: "\(directory)/out",
                                   binary: binary, runID: "run")
        #expect(runSweep(options) == .success)
        #expect(runSweep(options) == .success)
        #expect(isDirectory("\(directory)/out/run") && isDirectory("\(directory)/out/run-2"))
        #expect(resolvedPath("\(directory)/out/latest") == resolvedPath("\(directory)/out/run-2"))
    }
}

@Suite final class MeasurementTests: ScratchSpace {
    private let configuration = BenchConfiguration.gemm(n: 64, kernel: .blas, workers: 2, threads: 1)

    private func outcome(script: String) throws -> MeasurementOutcome {
        let directory = makeDirectory()
        try writeFile("\(directory)/bin", "#!/bin/sh\n" + script, executable: true)
        return measure(configuration, with: MeasurementSettings(binary: "\(directory)/bin", minReps: 1,
                                                                minSeconds: 0, timeoutSeconds: 2))
    }

    private func errorMessage(_ outcome: MeasurementOutcome) -> String? {
        if case .error(let message) = outcome { return message }
        return nil
    }

    @Test func usageErrorsCrashesSilenceAndMismatchesAreErrors() throws {
        #expect(errorMessage(try outcome(script: "echo 'gemmbench: --kernel: unknown kernel' >&2; exit 2"))
                == "usage error: gemmbench: --kernel: unknown kernel")
        #expect(errorMessage(try outcome(script: "exit 0")) == "exited with status 0 but its CSV is unreadable (output: is empty (expected a CSV header))")
        #expect(errorMessage(try outcome(script: "echo \(ResultRow.columns.joined(separator: ","))")) == "exited with status 0 but printed no CSV row")
        #expect(errorMessage(try outcome(script: "exit 3"))?.hasPrefix("exited with status 3") == true)
        #expect(errorMessage(try outcome(script: "kill -KILL $$"))?.hasPrefix("killed by signal 9") == true)
        let wrongRow = "echo \(ResultRow.columns.joined(separator: ","))\necho gemm,64,64,64,,blas,4,1,shm,,,1,1,1,1,1,,1,PASS,X,\n"
        #expect(errorMessage(try outcome(script: wrongRow)) == "printed a row for gemm/n64/blas/w4/t1/shm")
        let passButExit1 = wrongRow.replacing(",4,1,shm", with: ",2,1,shm") + "exit 1\n"
        #expect(errorMessage(try outcome(script: passButExit1)) == "exited with status 1 (verification failed) but its row says PASS")
    }

    @Test func aHungChildIsKilledAfterTheTimeout() throws {
        let started = monotonicSeconds()
        let message = errorMessage(try outcome(script: "exec sleep 30"))
        #expect(message == "still running after 2 s and was killed")
        #expect(monotonicSeconds() - started < 10)
    }
}
