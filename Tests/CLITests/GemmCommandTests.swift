import Foundation
import Testing

@Suite("gemmbench gemm")
struct GemmCommandTests {
    /// The twenty core CSV columns (README.md "CSV", docs/contracts.md), in order; extension columns follow.
    static let contractColumns = [
        "op", "m", "k", "n", "dims", "kernel", "workers", "threads", "transport", "split", "planner",
        "reps", "median_s", "min_s", "max_s", "gflops", "speedup", "residual", "verdict", "blas_core",
    ]

    /// Rows of a simple CSV (no quoted cells in gemm output), as dictionaries by header name.
    static func parseCSV(_ text: String) -> (header: [String], rows: [[String: String]]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let first = lines.first else { return ([], []) }
        let header = first.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let rows = lines.dropFirst().map { line -> [String: String] in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(zip(header, cells), uniquingKeysWith: { first, _ in first })
                .merging(["__cells": String(cells.count)]) { $1 }
        }
        return (header, rows)
    }

    @Test("--csv prints the contract header and one PASS row")
    func csvOutput() async throws {
        let outcome = try await runGemmbench(["gemm", "--size", "33", "--csv"], timeout: 60)
        #expect(outcome.status == .exited(0), "\(outcome.stderr)")
        let (header, rows) = Self.parseCSV(outcome.stdout)
        #expect(Array(header.prefix(Self.contractColumns.count)) == Self.contractColumns)
        #expect(rows.count == 1, "expected one row:\n\(outcome.stdout)")
        let row = try #require(rows.first)
        #expect(row["__cells"] == String(header.count), "row and header differ in length")
        #expect(row["op"] == "gemm" && row["m"] == "33" && row["k"] == "33" && row["n"] == "33")
        #expect(row["kernel"] == "blas" && row["workers"] == "0")
        #expect(row["bind"] == "", "no workers, no binding")
        #expect(row["verdict"] == "PASS")
        #expect(row["blas_core"]?.isEmpty == false)
        #expect(row["dims"] == "" && row["planner"] == "" && row["speedup"] == "", "unused fields are empty")
        let residual = try #require(row["residual"].flatMap(Double.init))
        #expect(residual >= 0 && residual < 16)
        let median = try #require(row["median_s"].flatMap(Double.init))
        let minimum = try #require(row["min_s"].flatMap(Double.init))
        let maximum = try #require(row["max_s"].flatMap(Double.init))
        #expect(minimum <= median && median <= maximum && minimum > 0)
        #expect(row["gflops"].flatMap(Double.init).map { $0 > 0 } == true)
    }

    @Test("--bind is recorded in the bind column (default: cores)", arguments: [nil, "none", "cores", "sockets"])
    func bindColumn(bind: String?) async throws {
        let outcome = try await runGemmbench(["gemm", "--size", "16", "--workers", "2", "--repeat", "2", "--csv"]
                                             + (bind.map { ["--bind", $0] } ?? []), timeout: 60)
        #expect(outcome.status == .exited(0), "\(outcome.stderr)")
        let (header, rows) = Self.parseCSV(outcome.stdout)
        #expect(header.contains("bind") && header.firstIndex(of: "bind")! > header.firstIndex(of: "steal_pct")!)
        #expect(rows.first?["bind"] == (bind ?? "cores"))
        #expect(rows.first?["verdict"] == "PASS")
    }

    @Test("a single run fills its CI, rounds and noise flag from its own samples; --samples lists them")
    func csvUncertaintyColumns() async throws {
        let outcome = try await runGemmbench(["gemm", "--size", "64", "--repeat", "10", "--csv", "--samples"], timeout: 60)
        #expect(outcome.status == .exited(0), "\(outcome.stderr)")
        let (header, rows) = Self.parseCSV(outcome.stdout)
        for column in ["rounds", "ci_lo_s", "ci_hi_s", "speedup_lo", "speedup_hi", "efficiency", "pct_peak", "noisy",
                       "steal_pct"] {
            #expect(header.contains(column), "missing \(column)")
        }
        #expect(header.last == "samples_s")
        let row = try #require(rows.first)
        let samples = try #require(row["samples_s"]).split(separator: " ").compactMap { Double($0) }
        #expect(samples.count == 10 && row["reps"] == "10" && row["rounds"] == "1")
        let low = try #require(row["ci_lo_s"].flatMap(Double.init))
        let high = try #require(row["ci_hi_s"].flatMap(Double.init))
        let median = try #require(row["median_s"].flatMap(Double.init))
        // n = 10: the CI is the 2nd and 9th smallest samples.
        #expect(low == samples.sorted()[1] && high == samples.sorted()[8])
        #expect(low <= median && median <= high)
        #expect(row["noisy"] == "yes" || row["noisy"] == "no")
        #expect(row["backend"] == "process" && row["algorithm"] == "tiles" && row["ranks"] == "" && row["grid"] == "",
                "gemmbench's own rows in the multi-node columns")
        #expect(row["speedup"] == "" && row["speedup_lo"] == "" && row["efficiency"] == "" && row["pct_peak"] == "",
                "speedups need a sweep")

        let plain = try await runGemmbench(["gemm", "--size", "16", "--repeat", "3", "--csv"], timeout: 60)
        let (plainHeader, plainRows) = Self.parseCSV(plain.stdout)
        #expect(!plainHeader.contains("samples_s"))
        #expect(plainRows.first?["ci_lo_s"] == "", "3 runs are too few for a 95% CI")
    }

    @Test("--csv with workers reports transport and split")
    func csvWithWorkers() async throws {
        let outcome = try await runGemmbench(["gemm", "--m", "40", "--k", "30", "--n", "20", "--workers", "2",
                                              "--split", "2x1", "--transport", "message", "--kernel", "swift",
                                              "--repeat", "2", "--csv"], timeout: 60)
        #expect(outcome.status == .exited(0), "\(outcome.stderr)")
        let row = try #require(Self.parseCSV(outcome.stdout).rows.first)
        #expect(row["m"] == "40" && row["k"] == "30" && row["n"] == "20")
        #expect(row["workers"] == "2" && row["transport"] == "message" && row["split"] == "2x1")
        #expect(row["kernel"] == "swift" && row["reps"] == "2" && row["verdict"] == "PASS")
    }

    @Test("a corrupted result exits 1 and says FAIL")
    func corruptResult() async throws {
        let outcome = try await runGemmbench(["gemm", "--size", "16"], environment: ["GEMMBENCH_FAULT": "corrupt-result"], timeout: 60)
        #expect(outcome.status == .exited(1), "\(outcome.stderr)")
        #expect(outcome.stdout.contains("FAIL"))
        #expect(!outcome.stdout.contains("PASS"))
        #expect(outcome.stderr.contains("verification"))
        #expect(!outcome.stderr.contains("Fatal error"))
    }

    @Test("a corrupted result still prints its CSV row, with verdict FAIL")
    func corruptResultCSV() async throws {
        let outcome = try await runGemmbench(["gemm", "--size", "16", "--workers", "2", "--csv"],
                                             environment: ["GEMMBENCH_FAULT": "corrupt-result"], timeout: 60)
        #expect(outcome.status == .exited(1), "\(outcome.stderr)")
        let row = try #require(Self.parseCSV(outcome.stdout).rows.first)
        #expect(row["verdict"] == "FAIL")
        #expect(row["residual"].flatMap(Double.init).map { $0 >= 16 } == true)
    }
}
