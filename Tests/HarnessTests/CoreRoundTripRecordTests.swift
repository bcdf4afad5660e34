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
        #expect(pool.sampleRoundTrips == [150, 150, 500, 500], "an unprobed round adds no round trips")
        #expect(pool.coreRoundTripNs == 325)
        let configuration = try #require(BenchConfiguration(row: Self.row(samples: [1])))

        let records = try CSV.parse(SamplesFile.document([configuration], pools: [configuration: pool]), source: "s")
        let column = try #require(records.first?.firstIndex(of: "core_rt_ns"))
        #expect(records.dropFirst().map { $0[column] } == ["150.0", "150.0", "500.0", "500.0", "", "", ""])

        let context = SummaryContext(peakGflopsPerCore: nil, cores: 2, noiseRule: NoiseRule())
        let rows = summarizeRows([configuration], pools: [configuration: pool], context: context)
        #expect(rows.map(\.coreRoundTripNs) == [325])

        var environment = FlatJSONObject()
        let suite = try Suite.parse(text: smallSuite, path: "small.suite")
        environment.addMeasurementSummary(suite: suite, extraRounds: 0, pools: [configuration: pool],
                                          loadBefore: "", loadAfter: "", noisyRows: 0)
        #expect(environment["core_rt_ns_min"] == .number("150.0"))
        #expect(environment["core_rt_ns_median"] == .number("325.0"), "over child runs: 150 and 500")
        #expect(environment["core_rt_ns_max"] == .number("500.0"))
    }

    @Test func nothingProbedLeavesTheRowEmptyAndEnvJSONWithoutTheKeys() throws {
        let pool = PooledMeasurement(first: Self.row(samples: [1, 1]), round: 1, usage: nil)
        #expect(pool.coreRoundTripNs == nil)
        let configuration = try #require(BenchConfiguration(row: Self.row(samples: [1])))
        var environment = FlatJSONObject()
        environment.addMeasurementSummary(suite: try Suite.parse(text: smallSuite, path: "small.suite"), extraRounds: 0,
                                          pools: [configuration: pool], loadBefore: "", loadAfter: "", noisyRows: 0)
        #expect(environment["core_rt_ns_min"] == nil && environment["core_rt_ns_max"] == nil)
    }

    /// A samples.csv written before the column existed still reads.
    @Test func anOldSamplesFileWithoutTheColumnReads() throws {
        let old = "config,round,run,seconds,steal_pct,other_load\ngemm/n8/blas/w0/t2,1,1,0.5,0.00,0.010\n"
        #expect(try SamplesFile.parse(old, source: "samples.csv") == ["gemm/n8/blas/w0/t2": [0.5]])
    }
}
