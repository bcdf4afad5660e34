import ResultRows
import Testing
@testable import Harness
import Vocabulary

/// Rounds in shuffled order, extra rounds for noisy rows, and the noisy flag.
@Suite final class RoundTests: ScratchSpace {
    /// The stub's log: one line per measuring call, in the order they ran.
    private func loggedOrder(seed: UInt64) throws -> [String] {
        let log = "\(makeDirectory())/calls.log"
        let (status, _) = try sweep(in: scratch, seed: seed) { try makeStubBinary(in: $0, log: log) }
        #expect(status == 0)
        return try readFile(log).split(separator: "\n").map(String.init)
    }

    @Test func aSeedReplaysTheOrderAndEveryRoundVisitsEveryConfigurationOnce() throws {
        let first = try loggedOrder(seed: 2026)
        #expect(first.count == 33, "11 configurations × 3 rounds")
        #expect(try loggedOrder(seed: 2026) == first)
        #expect(try loggedOrder(seed: 2027) != first)
        let rounds = [first[0..<11], first[11..<22], first[22..<33]].map(Array.init)
        for round in rounds { #expect(Set(round).count == 11 && Set(round) == Set(rounds[0])) }
        #expect(rounds[0] != rounds[1] || rounds[1] != rounds[2], "each round is shuffled afresh")
    }

    @Test func theSeedIsRecordedSoARunCanBeReplayed() throws {
        let (_, out) = try sweep(in: scratch, seed: 99) { try makeStubBinary(in: $0) }
        let environment = try FlatJSONObject.parse(try readFile("\(out)/latest/env.json"), source: "env.json")
        #expect(environment["order_seed"] == .number("99"))
    }

    @Test func aNoisyRowGetsExtraRoundsBesideItsReferenceAndStaysFlagged() throws {
        let log = "\(makeDirectory())/calls.log"
        let (status, out) = try sweep(in: scratch) {
            try makeStubBinary(in: $0, spreadWhen: "--size 200 --kernel blas --workers 2", log: log)
        }
        #expect(status == 0, "noisy rows are flagged, not errors")
        let rows = try ResultRow.parseCSV(try readFile("\(out)/latest/raw.csv"), source: "raw.csv")
        let byKey = Dictionary(uniqueKeysWithValues: rows.map { (BenchConfiguration(row: $0)!.key, $0) })
        let noisy = try #require(byKey["gemm/n200/blas/w2/t1/shm"])
        #expect(noisy.noisy == true && noisy.rounds == 5 && noisy.reps == 10, "3 rounds + 2 extra")
        #expect(byKey["gemm/n200/blas/w0/t1"]?.rounds == 5, "its reference is re-measured beside it")
        #expect(byKey["gemm/n100/blas/w2/t1/shm"]?.rounds == 3)
        #expect(rows.filter { $0.noisy == true }.count == 1)
        #expect(try readFile(log).split(separator: "\n").count == 33 + 2 * 2)
        let environment = try FlatJSONObject.parse(try readFile("\(out)/latest/env.json"), source: "env.json")
        #expect(environment["extra_rounds"] == .number("2") && environment["noisy_rows"] == .number("1"))
    }

    @Test func anImplausibleEfficiencyIsNoisy() throws {
        // 2 workers three times as fast as one process: efficiency 1.5 > 1.10.
        let median = "(op == \"gemm\" ? n * n * n * 1e-11 : 0.1) / (w > 0 ? 3 * w / 2 : t)"
        let (_, out) = try sweep(in: scratch) { try makeStubBinary(in: $0, median: median) }
        let rows = try ResultRow.parseCSV(try readFile("\(out)/latest/raw.csv"), source: "raw.csv")
        let gemmWorkers = rows.filter { $0.op == .gemm && $0.workers == 2 }
        #expect(!gemmWorkers.isEmpty && gemmWorkers.allSatisfy { $0.efficiency == 1.5 && $0.noisy == true })
        let chains = rows.filter { $0.op == .chain && $0.workers == 2 }
        #expect(chains.allSatisfy { $0.noisy == false }, "the efficiency rule is for gemm rows only")
    }
}

@Suite final class AutoSweepTests: ScratchSpace {
    @Test func aSuiteCanMeasureWorkersAutoBesideTheFixedConfigurations() throws {
        let suite = """
        rounds = 3
        min_reps = 2
        min_seconds = 0
        [gemm]
        sizes = 100
        kernels = blas
        workers = 2, auto
        threads = 1

        """
        let (status, out) = try sweep(suite: suite, in: scratch) { try makeStubBinary(in: $0) }
        #expect(status == 0)
        let rows = try ResultRow.parseCSV(try readFile("\(out)/latest/raw.csv"), source: "raw.csv")
        let keys = rows.compactMap { BenchConfiguration(row: $0)?.key }
        #expect(keys == ["gemm/n100/blas/w0/t1", "gemm/n100/blas/w0/t2", "gemm/n100/blas/w2/t1/shm",
                         "gemm/n100/blas/auto", "gemm/n100/swift/w0/t1"])
        let auto = try #require(rows.first { $0.auto == true })
        // The row records what auto chose; efficiency divides by that.
        #expect(auto.auto == true && auto.workers == 2 && auto.threads == 1 && auto.speedup == 2 && auto.efficiency == 1)
        let table = autoComparisonTable(rows)
        // The stub's w2 t1 and w0 t2 both read 2.0: either is the best fixed one.
        #expect(table.rows.map { [$0[0], $0[2], $0[3], $0[5], $0[6]] } == [["100", "w2_t1", "2.000", "2.000", "1.000"]])
        let header = try #require(try CSV.parse(try readFile("\(out)/latest/speedup-gemm.csv"), source: "s").first)
        #expect(header.contains("blas_auto"))
    }

    @Test func workersAutoParsesAndArgumentsSayAuto() throws {
        let suite = try Suite.parse(text: "min_reps = 2\nmin_seconds = 0\n[gemm]\nsizes = 64\nkernels = blas\nworkers = auto\nthreads = 1\n",
                                    path: "a.suite")
        #expect(suite.gemmGrids.first?.workersAuto == true && suite.gemmGrids.first?.workers == [])
        let auto = BenchConfiguration.gemmAuto(n: 64, kernel: .blas)
        #expect(auto.arguments(minReps: 2, minSeconds: 0).contains("auto"))
        #expect(!auto.arguments(minReps: 2, minSeconds: 0).contains("--threads"))
        #expect(auto.key == "gemm/n64/blas/auto" && auto.reference.key == "gemm/n64/blas/w0/t1")
        #expect(throws: FileLineError.self) {
            try Suite.parse(text: "min_reps = 2\nmin_seconds = 0\n[gemm]\nsizes = 64\nkernels = blas\nworkers = sometimes\nthreads = 1\n",
                            path: "a.suite")
        }
    }
}
