import CommandLineArguments
import ChainPlanning
import GemmCore
import NumberFormatting
import NumpyIO
import ResultRows
import Runners
import Platform
import Vocabulary

/// `gemmbench chain`: plan, run, verify and report Y = A·B·…; optionally write Y.
enum ChainCommand {
    static let flags = MeasurementOptions.flags.union(ArgumentList.chainProblemFlags).union(["--planner"])

    static func run(_ options: inout ArgumentList) throws {
        try options.rejectUnknownOptions(known: flags, command: "chain")
        let problem = try options.chainProblem()
        var config = ChainConfiguration(source: try source(problem))
        config.presetName = problem.presetName
        config.planner = try options.choice("--planner", of: PlannerKind.self) ?? .optimal
        config.outputPath = problem.outputPath
        let measurement = try MeasurementOptions.parse(&options)
        try options.finish(command: "chain")
        if measurement.workersAuto || measurement.threadsAuto {
            throw UsageError("--workers/--threads auto is for gemm; a chain's parallel planner already spreads its products")
        }
        measurement.apply(to: &config)
        try BLAS.checkThreadsSupported(config.threads)
        if let path = config.outputPath {
            do { try Npy.checkDestination(path: path) } catch { throw UsageError("--output \(error.description)") }
        }

        let cpuBefore = CPUTimes.now()
        let result = try ChainRunner.run(config)
        var row = ResultRow(chain: result, blasCore: BLAS.coreName)
        row.recordBLASLibrary()
        row.addSingleRunStatistics(result.stats, cpuBefore: cpuBefore)
        try emit(row: row, report: report(result, row: row), options: measurement,
                 verification: result.verification,
                 note: config.outputPath.map { "; \($0) not written" } ?? "")
    }

    /// The factors' source: random from the dims, or `--inputs`' headers, read
    /// and checked here (the data is read when the run starts).
    static func source(_ problem: ChainProblem) throws(UsageError) -> ChainConfiguration.Source {
        switch problem.factors {
        case .random(let dims): return .random(dims: dims, seed: problem.seed)
        case .files(let paths): return .files(try ProblemLimits.chainInputHeaders(paths))
        }
    }

    static func report(_ result: ChainResult, row: ResultRow) -> String {
        let c = result.configuration
        var lines: [String] = []
        var head = "chain dims=\(c.dims.map(String.init).joined(separator: "x")) planner=\(c.planner.rawValue) workers=\(c.workers) threads=\(c.threads)"
        if c.workers > 0 { head += " transport=\(c.transport.rawValue) bind=\(c.binding.rawValue)" }
        lines.append(head)
        lines.append("  plan \(result.plan.parenthesization)  \(formatFixed(result.plan.totalFlops / 1e9, decimals: 3)) GFLOP  estimated \(seconds(result.plan.estimatedSeconds))\(result.costModelSource.reportSuffix)")
        if let reason = result.oneProcessReason { lines.append("  plan: \(reason)") }
        lines += measurementLines(row, verification: result.verification)
        lines.append("  arena peak \(result.peakArenaBytes) bytes = factors \(result.factorBytes) + intermediates \(result.peakArenaBytes - result.factorBytes) (\(result.intermediateBytesWithoutReuse) without reuse)")
        lines += startupLines(result.poolStartupSeconds)
        if let path = c.outputPath, result.verification.passed { lines.append("  wrote \(path)") }
        // The executed plan, step by step, as `gemmbench plan` shows it (but with
        // the cost model this run planned with).
        lines += result.plan.describe().split(separator: "\n").dropFirst(2).map { "  | " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ResultRow {
    init(chain result: ChainResult, blasCore: String) {
        let c = result.configuration
        self.init(op: .chain, dims: c.dims, kernel: .blas, workers: c.workers, threads: c.threads,
                  transport: c.workers > 0 ? c.transport : nil, planner: c.planner,
                  reps: result.stats.samples.count, medianSeconds: result.stats.median,
                  minSeconds: result.stats.min, maxSeconds: result.stats.max, gflops: result.gflops,
                  residual: result.verification.residual, verdict: result.verification.verdict,
                  blasCore: blasCore, preset: c.presetName)
        bind = c.workers > 0 ? c.binding.rawValue : nil
        backend = "process"
        algorithm = "tiles"
        detectionLimit = result.verification.finiteDetectionLimit
        checkSeconds = result.verification.seconds
    }
}
