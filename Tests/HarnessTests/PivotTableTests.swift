import ResultRows
import Testing
@testable import Harness

/// A raw.csv as a sweep writes it (speedup column still empty), with
/// hand-computed speedups in the comments: reference median ÷ median.
private let knownRawCSV = """
op,m,k,n,dims,kernel,workers,threads,transport,split,planner,reps,median_s,min_s,max_s,gflops,speedup,residual,verdict,blas_core,preset
gemm,256,256,256,,blas,0,1,,,,3,0.002,0.002,0.002,16.78,,0.1,PASS,Haswell,
gemm,256,256,256,,blas,0,2,,,,3,0.0011,0.0011,0.0011,30.5,,0.1,PASS,Haswell,
gemm,256,256,256,,blas,2,1,shm,,,3,0.0016,0.0016,0.0016,21,,0.1,PASS,Haswell,
gemm,256,256,256,,swift,0,1,,,,3,0.004,0.004,0.004,8.4,,0.1,PASS,Haswell,
gemm,1024,1024,1024,,blas,0,1,,,,3,0.05,0.05,0.05,42.95,,0.1,PASS,Haswell,
gemm,1024,1024,1024,,blas,2,1,shm,,,3,0.026,0.026,0.026,82.6,,0.1,PASS,Haswell,
gemm,1024,1024,1024,,blas,2,1,message,,,3,0.03,0.03,0.03,71.6,,0.1,PASS,Haswell,
gemm,1024,1024,1024,,blas,4,1,shm,,,3,0.0285,0.0285,0.0285,75.3,,0.1,PASS,Haswell,
gemm,1024,1024,1024,,blas,0,2,,,,3,0.027,0.027,0.027,79.5,,0.1,PASS,Haswell,
gemm,1024,1024,1024,,swift,0,1,,,,3,0.09,0.09,0.09,23.8,,99,FAIL,Haswell,
chain,,,,1024x1024x1024,,0,1,,,optimal,3,0.4,0.4,0.4,10,,0.1,PASS,Haswell,square
chain,,,,1024x1024x1024,,2,1,shm,,left,3,0.25,0.25,0.25,16,,0.1,PASS,Haswell,square
chain,,,,1024x1024x1024,,2,1,shm,,parallel,3,0.2,0.2,0.2,20,,0.1,PASS,Haswell,square
chain,,,,2000x500x3000,,0,1,,,optimal,3,0.3,0.3,0.3,1,,50,FAIL,Haswell,mixed
chain,,,,2000x500x3000,,2,1,shm,,parallel,3,0.05,0.05,0.05,6,,0.1,PASS,Haswell,mixed

"""

@Suite struct PivotTableTests {
    func filledRows() throws -> [ResultRow] {
        withSpeedups(try ResultRow.parseCSV(knownRawCSV, source: "known.csv"), halfWidth: 0.1)
    }

    @Test func speedupsAreReferenceMedianOverMedianAndEmptyForFAIL() throws {
        let speedups = try filledRows().map(\.speedup)
        #expect(speedups == [
            1, 1.8182 /* 0.002/0.0011 */, 1.25 /* 0.002/0.0016 */, 0.5 /* 0.002/0.004 */,
            1, 1.9231 /* 0.05/0.026 */, 1.6667 /* 0.05/0.03 */, 1.7544 /* 0.05/0.0285 */, 1.8519 /* 0.05/0.027 */,
            nil /* FAIL */,
            1, 1.6 /* 0.4/0.25 */, 2 /* 0.4/0.2 */,
            nil /* FAIL */, nil /* its reference FAILed */,
        ])
    }

    @Test func gemmTableHasOneRowPerSizeTheBaseCaseAndAColumnPerConfiguration() throws {
        let table = gemmSpeedupTable(try filledRows()).printedValuesOnly
        #expect(table.header == ["n", "baseline_s", "baseline_ci_lo_s", "baseline_ci_hi_s", "baseline_gflops",
                                 "baseline_pct_peak", "blas_w2_t1_shm", "blas_w2_t1_message",
                                 "blas_w4_t1_shm", "blas_w0_t2", "swift_w0_t1"])
        #expect(table.rows == [
            ["256", "0.002", "", "", "16.78", "", "1.250", "", "", "1.818", "0.500"],
            ["1024", "0.05", "", "", "42.95", "", "1.923", "1.667", "1.754", "1.852", ""],
        ])
    }

    @Test func theCSVCarriesEachSpeedupWithItsInterval() throws {
        let table = gemmSpeedupTable(try filledRows()).csv
        #expect(Array(table.header[6...8]) == ["blas_w2_t1_shm", "blas_w2_t1_shm_lo", "blas_w2_t1_shm_hi"])
        #expect(Array(table.rows[0][6...8]) == ["1.250", "1.125", "1.375"])
        #expect(try CSV.parse(table.csv, source: "speedup-gemm.csv") == [table.header] + table.rows)
        let printed = gemmSpeedupTable(try filledRows()).printed
        #expect(printed.rows[0][6] == "1.250 [1.125, 1.375]")
    }

    @Test func efficiencyIsSpeedupOverProcessesTimesThreads() throws {
        let table = gemmEfficiencyTable(try filledRows()).printedValuesOnly
        // blas w2 t1: 1.25 / 2; w0 t2: 1.8182 / 2; swift w0 t1: 0.5 / 1.
        #expect(table.rows[0][6...] == ["0.625", "", "", "0.909", "0.500"])
    }

    @Test func chainTableHasOneRowPerPresetWithTheSingleProcessBaseline() throws {
        let table = chainSpeedupTable(try filledRows()).printedValuesOnly
        #expect(table.header == ["preset", "dims", "baseline_s", "baseline_ci_lo_s", "baseline_ci_hi_s",
                                 "left_w2_t1_shm", "parallel_w2_t1_shm"])
        #expect(table.rows == [
            ["square", "1024x1024x1024", "0.4", "", "", "1.600", "2.000"],
            ["mixed", "2000x500x3000", "", "", "", "", ""],
        ])
    }

    @Test func alignedRenderingPadsColumnsAndShowsEmptyCellsAsDash() {
        let table = Table(header: ["n", "speedup"], rows: [["256", "1.5"], ["16384", ""]])
        #expect(table.aligned == """
        n      speedup
        256        1.5
        16384        -

        """)
    }
}
