import ResultRows
import Testing
@testable import Harness
import Vocabulary

/// How the inter-core round trip probed before each child reaches samples.csv,
/// raw.csv and env.json (probes injected: no children run).
@Suite struct CoreRoundTripRecordTests {
    private static func row(samples: [Double]) -> ResultRow {
        var row = ResultRow(op: .gemm, m: 8, k: 8, n: 8, kernel: .blas, workers: 0, threads: 2, reps: samples.count,
                            medianSeconds: 1, minSeconds: 1, maxSeconds: 1, gflops: 1, residual: 0,
                            verdict: .pass, blasCore: "Haswell")
        row.samples = samples
        return row
    }

    /// Rounds probed at 150 ns (2 samples), 500 ns (2 samples) and not at all (3 samples).
    private static func pool() -> PooledMeasurement {
        var pool = PooledMeasurement(first: row(samples: [1, 1]), round: 1, usage: nil, coreRoundTripNs: 150)
        pool.add(row(samples: [1, 1]), round: 2, usage: nil, coreRoundTripNs: 500)
        pool.add(row(samples: [1, 1, 1]), round: 3, usage: nil, coreRoundTripNs: nil)
        return pool
    }

    @Test func eachSampleCarriesItsChildsProbeAndTheRowTheirMedian() throws {
        let pool = Self.pool()
        #expect(pool.roundSamples.sampleRoundTrips == [150, 150, 500, 500], "an unprobed round adds no round trips")
        #expect(pool.roundSamples.coreRoundTripNs == 325)
        let configuration = try #require(BenchConfiguration(row: Self.row(samples: [1])))

        let records = try CSV.parse(SamplesFile.document([configuration], pools: [configuration: pool]), source: "s")
        let column = try #require(records.first?.firstIndex(of: "core_rt_ns"))
        #expect(records.dropFirst().map { $0[column] } == ["150.0", "150.0", "500.0", "500.0", "", "", ""])

        let context = SummaryContext(peakGflopsPerCore: nil, cores: 2, noiseRule: NoiseRule())
        let rows = summarizeRows([configuration], pools: [configuration: pool], context: context)
        #expect(rows.map(\.coreRoundTripNs) == [325])

        var environment = FlatJSONObject()
        let suite = try Suite.parse(text: smallSuite, path: "small.suite")
        environment.addMeasurementSummary(suite: suite, extraRounds: 0, pools: [configuration: pool], farRule: FarPlacementRule(thresholdNs: nil),
                                          loadBefore: "", loadAfter: "", noisyRows: 0)
        #expect(environment["core_rt_ns_min"] == .number("150.0"))
        #expect(environment["core_rt_ns_median"] == .number("325.0"), "over child runs: 150 and 500")
        #expect(environment["core_rt_ns_max"] == .number("500.0"))
    }

    @Test func nothingProbedLeavesTheRowEmptyAndEnvJSONWithoutTheKeys() throws {
        let pool = PooledMeasurement(first: Self.row(samples: [1, 1]), round: 1, usage: nil)
        #expect(pool.roundSamples.coreRoundTripNs == nil)
        let configuration = try #require(BenchConfiguration(row: Self.row(samples: [1])))
        var environment = FlatJSONObject()
        environment.addMeasurementSummary(suite: try Suite.parse(text: smallSuite, path: "small.suite"), extraRounds: 0,
                                          pools: [configuration: pool], farRule: FarPlacementRule(thresholdNs: nil), loadBefore: "", loadAfter: "", noisyRows: 0)
        #expect(environment["core_rt_ns_min"] == nil && environment["core_rt_ns_max"] == nil)
    }

    /// A samples.csv written before the column existed still reads.
    @Test func anOldSamplesFileWithoutTheColumnReads() throws {
        let old = "config,round,run,seconds,steal_pct,other_load\ngemm/n8/blas/w0/t2,1,1,0.5,0.00,0.010\n"
        #expect(try SamplesFile.parse(old, source: "samples.csv")
                == ["gemm/n8/blas/w0/t2": [RoundSamples(round: 1, samples: [0.5], coreRoundTripNs: nil)]])
    }
}

/// Rounds measured with the vCPUs far apart, judged against the run's own probes.
@Suite struct FarPlacementTests {
    private func round(_ number: Int, _ seconds: Double, probe: Double?) -> RoundSamples {
        RoundSamples(round: number, samples: [seconds, seconds], coreRoundTripNs: probe)
    }

    @Test func farIsOneAndAHalfTimesTheRunsMedianProbe() {
        let rule = FarPlacementRule(probes: [100, 120, 140, 600, 0, .nan])
        #expect(rule.thresholdNs == 195)   // 1.5 × median(100, 120, 140, 600)
        #expect(rule.isFar(600) && !rule.isFar(190) && !rule.isFar(nil))
        #expect(FarPlacementRule(probes: []).thresholdNs == nil && !FarPlacementRule(probes: []).isFar(1e9))
    }

    @Test func farRoundsLeaveTheFigureOnlyWhenThreeNearRoundsRemain() {
        let rule = FarPlacementRule(thresholdNs: 200)
        let four = [round(1, 1, probe: 150), round(2, 3, probe: 600), round(3, 1, probe: 150), round(4, 1, probe: 150)]
        #expect(rule.figureRounds(four).map(\.round) == [1, 3, 4])
        #expect(rule.figureRounds(Array(four.prefix(3))).map(\.round) == [1, 2, 3], "two near rounds: all kept")
    }

    @Test func aRowWithAFarRoundIsReMeasuredUntilItHasThePlannedNearRounds() throws {
        let rule = FarPlacementRule(thresholdNs: 200)
        var measured = ResultRow(op: .gemm, m: 8, k: 8, n: 8, kernel: .blas, workers: 2, threads: 1, transport: .shm,
                                 reps: 2, medianSeconds: 1, minSeconds: 1, maxSeconds: 1, gflops: 1, residual: 0,
                                 verdict: .pass, blasCore: "Zen")
        measured.samples = [1, 1]
        measured.noisy = false
        let configuration = try #require(BenchConfiguration(row: measured))
        var reference = measured
        reference.workers = 0; reference.transport = nil
        let referenceConfiguration = try #require(BenchConfiguration(row: reference))
        #expect(configuration.reference == referenceConfiguration)
        var pool = PooledMeasurement(first: measured, round: 1, usage: nil, coreRoundTripNs: 150)
        pool.add(measured, round: 2, usage: nil, coreRoundTripNs: 600)
        pool.add(measured, round: 3, usage: nil, coreRoundTripNs: 150)
        var referencePool = PooledMeasurement(first: reference, round: 1, usage: nil, coreRoundTripNs: 150)
        for number in 2...3 { referencePool.add(reference, round: number, usage: nil, coreRoundTripNs: 150) }
        var pools = [configuration: pool, referenceConfiguration: referencePool]
        #expect(rowsToRemeasure([measured], pools: pools, farRule: rule, plannedRounds: 3) == [configuration])
        pools[configuration]!.add(measured, round: 4, usage: nil, coreRoundTripNs: 150)
        #expect(rowsToRemeasure([measured], pools: pools, farRule: rule, plannedRounds: 3).isEmpty)
    }
}
