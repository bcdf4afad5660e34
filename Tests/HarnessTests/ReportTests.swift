import Foundation
import ResultRows
import Testing
import Vocabulary
@testable import Harness
import TestSupport

/// The answer-first report: findings worded from the CIs, tables that fit 100
/// columns, report.md whose links resolve, charts gnuplot can draw, two runs side by side.
@Suite("Report", .serialized)
struct ReportTests {
    /// A sweep row with a given speedup CI.
    static func row(n: Int, kernel: Kernel = .blas, workers: Int, threads: Int, transport: Transport? = nil,
                    speedup: Double, low: Double, high: Double) -> ResultRow {
        var row = ResultRow(op: .gemm, m: n, k: n, n: n, kernel: kernel, workers: workers, threads: threads,
                            transport: workers > 0 ? (transport ?? .shm) : nil, reps: 9, medianSeconds: 0.01 / speedup,
                            minSeconds: 0.01 / speedup, maxSeconds: 0.01 / speedup, gflops: 2e-7 * Double(n * n * n) * speedup,
                            residual: 0.02, verdict: .pass, blasCore: "Haswell")
        row.speedup = speedup; row.speedupLow = low; row.speedupHigh = high
        return row
    }

    static func reference(_ n: Int) -> ResultRow { row(n: n, workers: 0, threads: 1, speedup: 1, low: 1, high: 1) }

    static func findings(_ rows: [ResultRow]) -> [String] {
        Findings(figures: ReportFigure.figures(in: rows), cores: 2).sentences
    }

    @Test("processes against threads: leads, matches and trails, each with its figures, sizes grouped")
    func processesAgainstThreadsWording() {
        let rows = [256, 512, 1024, 2048].flatMap { [Self.reference($0)] } + [
            Self.row(n: 256, workers: 2, threads: 1, speedup: 1.908, low: 1.903, high: 1.915),
            Self.row(n: 256, workers: 0, threads: 2, speedup: 1.834, low: 1.825, high: 1.846),
            Self.row(n: 512, workers: 2, threads: 1, speedup: 1.962, low: 1.950, high: 1.976),
            Self.row(n: 512, workers: 0, threads: 2, speedup: 1.996, low: 1.986, high: 2.004),
            Self.row(n: 1024, workers: 2, threads: 1, speedup: 1.938, low: 1.904, high: 1.953),
            Self.row(n: 1024, workers: 0, threads: 2, speedup: 1.957, low: 1.904, high: 1.994),
            Self.row(n: 2048, workers: 2, threads: 1, speedup: 1.95, low: 1.93, high: 1.97),
            Self.row(n: 2048, workers: 0, threads: 2, speedup: 1.96, low: 1.94, high: 1.98),
        ]
        let sentences = Self.findings(rows).filter { $0.hasPrefix("Processes against threads") }
        #expect(sentences.count == 3, "\(sentences)")
        #expect(sentences.first { $0.contains("n = 256:") }?.contains("2 proc × 1 thr leads OpenBLAS 2 thr") == true)
        #expect(sentences.first { $0.contains("1.908 [1.903, 1.915] against 1.834 [1.825, 1.846]") } != nil)
        #expect(sentences.first { $0.contains("n = 512:") }?.contains("trails") == true)
        // 1024 and 2048 both match: one sentence for the range.
        #expect(sentences.first { $0.contains("n = 1024–2048: 2 proc × 1 thr matches OpenBLAS 2 thr") } != nil)
    }

    @Test("the message transport's cost, the best per size, chains, MPI and auto are worded from the CIs")
    func otherFindings() throws {
        var rows = [Self.reference(1024),
                    Self.row(n: 1024, workers: 2, threads: 1, speedup: 1.9, low: 1.88, high: 1.92),
                    Self.row(n: 1024, workers: 2, threads: 1, transport: .message, speedup: 1.14, low: 1.1, high: 1.2),
                    Self.row(n: 1024, workers: 0, threads: 2, speedup: 1.89, low: 1.85, high: 1.95)]
        var auto = Self.row(n: 1024, workers: 2, threads: 1, speedup: 1.7, low: 1.65, high: 1.75)
        auto.auto = true
        rows.append(auto)
        var threadsAuto = Self.row(n: 512, workers: 0, threads: 2, speedup: 1.9, low: 1.88, high: 1.92)
        threadsAuto.auto = true
        rows += [threadsAuto, Self.reference(512), Self.row(n: 512, workers: 2, threads: 1, speedup: 1.9, low: 1.89, high: 1.91)]
        let sentences = Self.findings(rows)
        #expect(sentences.contains { $0.hasPrefix("The message transport costs 40% of") && $0.contains("40% with 2 proc at n = 1024") })
        #expect(sentences.contains { $0 == "Best at n = 1024: 2 proc × 1 thr, 1.900 [1.880, 1.920] × one process; OpenBLAS 2 thr matches it." })
        #expect(sentences.contains { $0.hasPrefix("auto at n = 1024 chose 2 proc × 1 thr and trails the best fixed configuration, 2 proc × 1 thr") })
        #expect(sentences.contains { $0.hasPrefix("auto at n = 512 chose OpenBLAS 2 thr in one process and matches") })

        let chainRows = try ResultRow.parseCSV("""
            op,m,k,n,dims,kernel,workers,threads,transport,split,planner,reps,median_s,min_s,max_s,gflops,speedup,residual,verdict,blas_core,preset,rounds,ci_lo_s,ci_hi_s,speedup_lo,speedup_hi
            chain,,,,4x4x4,blas,0,1,,,optimal,9,0.2,0.2,0.2,1,1,0.01,PASS,Haswell,square,3,0.2,0.2,1,1
            chain,,,,4x4x4,blas,2,1,shm,,parallel,9,0.1,0.1,0.1,2,1.89,0.01,PASS,Haswell,square,3,0.1,0.1,1.85,1.93
            chain,,,,4x4x4,blas,2,1,shm,,left,9,0.3,0.3,0.3,1,0.7,0.01,PASS,Haswell,skinny,3,0.3,0.3,0.6,0.8
            chain,,,,4x4x4,blas,0,1,,,optimal,9,0.3,0.3,0.3,1,1,0.01,PASS,Haswell,skinny,3,0.3,0.3,1,1
            """ + "\n", source: "raw.csv")
        let chainSentences = Self.findings(chainRows)
        #expect(chainSentences.contains("Chain square: the best planner, parallel, 2 proc × 1 thr, leads the optimal order in one process: 1.890 [1.850, 1.930]×."))
        #expect(chainSentences.contains("Chain skinny: the best planner, left, 2 proc × 1 thr, trails the optimal order in one process: 0.700 [0.600, 0.800]×."))

        let reference = try RunReport.load(joinPath(repositoryRoot, "results/reference"))
        let mpi = Findings(figures: reference.figures, cores: 2).mpiAlgorithms()
        #expect(mpi.contains { $0.hasPrefix("MPI at n = 2048: SUMMA 2 ranks leads PDGEMM 2 ranks") })
        #expect(mpi.contains { $0.contains("SUMMA 2 ranks, TCP") && $0.contains("PDGEMM 2 ranks, TCP") })
    }

    @Test("Standing: leads and trails only when the CIs do not overlap")
    func standing() {
        #expect(Standing((2, 3), against: (1, 1.9)) == .leads)
        #expect(Standing((1, 1.9), against: (2, 3)) == .trails)
        #expect(Standing((1, 2), against: (1.99, 3)) == .matches)
    }

    @Test("every line of the summary fits 100 columns, even for a wide suite, cut into several tables")
    func summaryWidth() throws {
        var rows: [ResultRow] = []
        let sizes = [64, 128, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 8192]
        for n in sizes {
            rows.append(Self.reference(n))
            for workers in [1, 2, 4, 8, 16] {
                for transport in [Transport.shm, .message] {
                    rows.append(Self.row(n: n, workers: workers, threads: 2, transport: transport, speedup: 1.2345, low: 1.1, high: 1.4))
                }
            }
        }
        let report = RunReport(rows: rows, environment: FlatJSONObject(), directory: "/tmp/wide")
        let lines = report.summaryText.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 100 }, "\(lines.filter { $0.count > 100 }.first ?? "")")
        #expect(report.tables.sections[0].tables.count >= 2, "12 sizes do not fit one table")
        let reference = try RunReport.load(joinPath(repositoryRoot, "results/reference"))
        #expect(reference.summaryText.split(separator: "\n").allSatisfy { $0.count <= 100 })
    }

    @Test("report.md links only charts that exist, and every link resolves")
    func reportLinks() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        for file in ["raw.csv", "env.json"] {
            try FileManager.default.copyItem(atPath: joinPath(repositoryRoot, "results/reference/\(file)"), toPath: joinPath(directory, file))
        }
        let report = try RunReport.load(directory)
        try report.write()
        var markdown = try readTextFile(joinPath(directory, "report.md"))
        #expect(!markdown.contains("](plots/") && markdown.contains("Not drawn yet"))
        for chart in ["speedup", "mpi"] {
            for ext in ["png", "svg"] { FileManager.default.createFile(atPath: joinPath(directory, "plots/\(chart).\(ext)"), contents: Data()) }
        }
        try report.write()
        markdown = try readTextFile(joinPath(directory, "report.md"))
        let links = markdown.matches(of: /\]\(([^)]+)\)/).map { String($0.1) }
        #expect(links.count == 4, "\(links)")
        for link in links { #expect(FileManager.default.fileExists(atPath: joinPath(directory, link)), "\(link)") }
        #expect(markdown.contains("## Findings") && markdown.contains("## Reproduce") && markdown.contains("make bench SUITE=default"))
        #expect(markdown.contains("| configuration | n=1 | n=256 |"))
    }

    static var gnuplot: String? {
        ["/usr/bin/gnuplot", "/usr/local/bin/gnuplot"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test("the chart script runs in gnuplot on a sweep with MPI rows and on one without",
          .enabled(if: gnuplot != nil, "gnuplot is not installed (make plot installs it)"), arguments: [true, false])
    func chartsDraw(withMPI: Bool) throws {
        let directory = makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let reference = try RunReport.load(joinPath(repositoryRoot, "results/reference"))
        let rows = withMPI ? reference.rows : reference.rows.filter { $0.backend != ResultRow.mpiBackend }
        let report = RunReport(rows: rows, environment: reference.environment, directory: directory)
        try report.write()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.gnuplot!)
        process.arguments = ["-e", "dir='\(directory)'", joinPath(directory, "plots/charts.gp")]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(stderr)")
        for chart in ["speedup", "gflops", "efficiency", "chain-time"] + (withMPI ? ["mpi"] : []) {
            for ext in ["png", "svg"] {
                let size = (try? FileManager.default.attributesOfItem(atPath: joinPath(directory, "plots/\(chart).\(ext)"))[.size] as? Int) ?? 0
                #expect(size > 1000, "plots/\(chart).\(ext) missing or empty")
            }
        }
        #expect(withMPI || !FileManager.default.fileExists(atPath: joinPath(directory, "plots/mpi.png")))
        try report.write()
        #expect(try readTextFile(joinPath(directory, "report.md")).contains("](plots/speedup.png)"))
    }

    @Test("two runs side by side: faster, slower, same within noise, and what differs")
    func twoRuns() throws {
        let a = RunReport(rows: [Self.reference(512), Self.row(n: 512, workers: 2, threads: 1, speedup: 1.9, low: 1.88, high: 1.92),
                                 Self.row(n: 512, workers: 0, threads: 2, speedup: 1.9, low: 1.8, high: 2.0),
                                 Self.row(n: 512, workers: 4, threads: 1, speedup: 1.5, low: 1.45, high: 1.55)],
                          environment: try FlatJSONObject.parse(#"{"cpu_model": "AMD EPYC", "blas_core": "Zen", "cores": 2}"#, source: "a"),
                          directory: "A")
        let b = RunReport(rows: [Self.reference(512), Self.row(n: 512, workers: 2, threads: 1, speedup: 1.5, low: 1.48, high: 1.52),
                                 Self.row(n: 512, workers: 0, threads: 2, speedup: 1.95, low: 1.85, high: 2.05),
                                 Self.row(n: 512, workers: 4, threads: 1, speedup: 1.8, low: 1.75, high: 1.85)],
                          environment: try FlatJSONObject.parse(#"{"cpu_model": "Intel Xeon", "blas_core": "SkylakeX", "cores": 2}"#, source: "b"),
                          directory: "B")
        let comparison = RunComparison(first: a, second: b)
        let verdicts = Dictionary(uniqueKeysWithValues: comparison.lines.map { ($0.name, $0.verdict) })
        #expect(verdicts == ["2 proc × 1 thr": "slower", "OpenBLAS 2 thr": "same within noise", "4 proc × 1 thr": "faster"])
        let slower = try #require(comparison.lines.first { $0.name == "2 proc × 1 thr" })
        #expect(abs(slower.interval.low - 1.48 / 1.92) < 1e-12 && abs(slower.interval.high - 1.52 / 1.88) < 1e-12)
        #expect(comparison.text.contains("CPU: A AMD EPYC; B Intel Xeon") && comparison.text.contains("BLAS core: A Zen; B SkylakeX"))
        #expect(comparison.text.contains("3 figures in both runs: 1 faster, 1 slower, 1 the same within noise"))
        #expect(comparison.markdown.contains("| CPU | AMD EPYC | Intel Xeon |"))
        #expect(comparison.text.split(separator: "\n").allSatisfy { $0.count <= 100 })
    }
}
