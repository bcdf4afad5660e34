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
    static let flags = MeasurementOptions.flags.union(["--dims", "--preset", "--inputs", "--seed", "--planner", "--output"])

    static func run(_ options: inout ArgumentList) throws {
        try options.rejectUnknownOptions(known: flags, command: "chain")
        let (source, presetName) = try source(&options)
        var config = ChainConfiguration(source: source)
        config.presetName = presetName
        config.planner = try options.choice("--planner", of: PlannerKind.self) ?? .optimal
        config.outputPath = try options.value("--output")
        let measurement = try MeasurementOptions.parse(&options)
        try options.finish(command: "chain")
        if measurement.workersAuto || measurement.threadsAuto {
            throw UsageError("--workers/--threads auto is for gemm; a chain's parallel planner already spreads its products")
        }
        measurement.apply(to: &config)
        try BLAS.checkThreadsSupported(config.threads)
        if let path = config.outputPath, !path.hasSuffix(".npy") {
            throw UsageError("--output \(path) must name a .npy file")
        }
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

    /// Returns the factors' source and, for `--preset`, the preset's name.
    static func source(_ options: inout ArgumentList) throws -> (ChainConfiguration.Source, String?) {
        let dimsText = try options.value("--dims")
        let preset = try options.value("--preset")
        let inputs = try options.positionals(after: "--inputs")
        let seed = try options.integer("--seed", minimum: 0) ?? 42
        let given = [dimsText != nil, preset != nil, !inputs.isEmpty].filter { $0 }.count
        guard given == 1 else {
            throw UsageError(given == 0 ? "chain needs --dims d0,d1,...,dk, --preset NAME or --inputs a.npy b.npy ..."
                                        : "give only one of --dims, --preset and --inputs")
        }
        if let dimsText { return (.random(dims: try parseDims(dimsText), seed: UInt64(seed)), nil) }
        if let preset {
            let found = try lookUpPreset(preset)
            return (.random(dims: found.dims, seed: UInt64(seed)), found.name)
        }
        guard inputs.count >= 2 else { throw UsageError("--inputs needs at least two .npy files") }
        guard inputs.count <= maximumChainFactors else {
            throw UsageError("--inputs has \(inputs.count) files; at most \(maximumChainFactors) are supported")
        }
        do {
            let headers = try inputs.map { path throws(NpyError) in try Npy.readHeader(path: path) }
            try Npy.checkChain(headers)
            return (.files(headers), nil)
        } catch {
            throw UsageError(error.description)
        }
    }

    /// The preset `--preset NAME` names (shared with `plan`).
    static func lookUpPreset(_ name: String) throws(UsageError) -> ChainPreset {
        guard let found = ChainPreset.named(name) else {
            throw UsageError("--preset \(name) is not one of \(ChainPreset.names)")
        }
        return found
    }

    /// "d0,d1,...,dk": at least three positive integers.
    static func parseDims(_ text: String) throws(UsageError) -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        var dims: [Int] = []
        for part in parts {
            let trimmed = part.filter { $0 != " " }
            guard let value = Int(trimmed) else { throw UsageError("--dims \(text): '\(trimmed)' is not a whole number") }
            guard value >= 1 else { throw UsageError("--dims \(text): \(value) must be at least 1") }
            dims.append(try checkedDimension("--dims", value))
        }
        guard dims.count >= 3 else { throw UsageError("--dims \(text) needs at least three dimensions (two factors)") }
        guard dims.count - 1 <= maximumChainFactors else {
            throw UsageError("--dims has \(dims.count - 1) factors; at most \(maximumChainFactors) are supported")
        }
        return dims
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
