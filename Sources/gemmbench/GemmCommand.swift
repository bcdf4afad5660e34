import CommandLineArguments
import GemmCore
import NumberFormatting
import ProcessPool
import ResultRows
import Runners
import SwiftGemm
import SystemBoundary
import Platform
import Vocabulary

/// `gemmbench gemm`: one product, measured, verified, reported.
enum GemmCommand {
    static let flags = MeasurementOptions.flags.union(ArgumentList.gemmShapeFlags).union(["--kernel", "--split"])

    static func run(_ options: inout ArgumentList) throws {
        try options.rejectUnknownOptions(known: flags, command: "gemm")
        var config = try shape(&options)
        if let kernel = try options.choice("--kernel", of: Kernel.self) { config.kernel = kernel }
        let split = try options.value("--split")
        let measurement = try MeasurementOptions.parse(&options)
        try options.finish(command: "gemm")
        measurement.apply(to: &config)
        try BLAS.checkThreadsSupported(config.threads)
        if let split {
            guard config.workers > 0 || measurement.workersAuto else { throw UsageError("--split needs --workers 1 or more") }
            guard !measurement.workersAuto else { throw UsageError("--split and --workers auto: auto chooses the grid") }
            config.split = try TileGrid.parseSplit(split)
        }
        var autoNote: String? = nil
        if measurement.workersAuto || measurement.threadsAuto {
            // Its candidates include one process with several BLAS threads.
            try BLAS.checkThreadsSupported(onlineProcessorCount(), asked: "--\(measurement.workersAuto ? "workers" : "threads") auto")
            let choice = try AutoChoice.choose(for: config, options: measurement)
            config.workers = choice.decomposition.workers
            config.threads = choice.decomposition.threads
            config.split = choice.decomposition.split
            autoNote = choice.note
            if measurement.csv { printError(choice.note) }
        }

        let cpuBefore = CPUTimes.now()
        let result = try GemmRunner.run(config)
        var row = ResultRow(gemm: result, blasCore: kernelCore(config.kernel))
        row.recordBLASLibrary()
        row.addSingleRunStatistics(result.stats, cpuBefore: cpuBefore)
        row.auto = autoNote != nil
        try emit(row: row, report: report(result, row: row) + (autoNote.map { "  \($0)\n" } ?? ""), options: measurement,
                 verification: result.verification)
    }

    /// The problem's shape (`ArgumentList.gemmShape`).
    static func shape(_ options: inout ArgumentList) throws(UsageError) -> GemmConfiguration {
        let shape = try options.gemmShape()
        return GemmConfiguration(m: shape.m, k: shape.k, n: shape.n)
    }

    static func report(_ result: GemmResult, row: ResultRow) -> String {
        let c = result.configuration
        var lines: [String] = []
        var head = "gemm m=\(c.m) k=\(c.k) n=\(c.n) kernel=\(c.kernel.rawValue) workers=\(c.workers) threads=\(c.threads)"
        if c.workers > 0 { head += " transport=\(c.transport.rawValue) split=\(result.grid?.splitText ?? "-") bind=\(c.binding.rawValue)" }
        lines.append(head)
        lines += measurementLines(row, verification: result.verification)
        if let memory = result.memoryBytes {
            let ratio = Double(memory) / Double(max(c.operandBytes, 1))
            lines.append("  memory \(memory) bytes PSS (all processes) = \(formatFixed(ratio, decimals: 3))× the \(c.operandBytes) operand bytes")
        }
        lines += startupLines(result.poolStartupSeconds)
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ResultRow {
    init(gemm result: GemmResult, blasCore: String) {
        let c = result.configuration
        self.init(op: .gemm, m: c.m, k: c.k, n: c.n, kernel: c.kernel,
                  workers: c.workers, threads: c.threads,
                  transport: c.workers > 0 ? c.transport : nil,
                  split: result.grid?.splitText, reps: result.stats.samples.count,
                  medianSeconds: result.stats.median, minSeconds: result.stats.min, maxSeconds: result.stats.max,
                  gflops: result.gflops, residual: result.verification.residual,
                  verdict: result.verification.verdict, blasCore: blasCore)
        bind = c.workers > 0 ? c.binding.rawValue : nil
        backend = "process"
        algorithm = "tiles"
        detectionLimit = result.verification.finiteDetectionLimit
        checkSeconds = result.verification.seconds
    }
}

/// What `blas_core` names for a gemm row: the BLAS library's core for `blas`;
/// for `swift`, the Swift kernel's build that ran (`swift-avx2`, `swift-avx512`),
/// since no BLAS computes its product; `naive` for the naive loop.
func kernelCore(_ kernel: Kernel) -> String {
    switch kernel {
    case .blas: return BLAS.coreName
    case .swift: return "swift-" + ((try? SwiftGemm.Build.selected.get())?.build.rawValue ?? "unknown")
    case .naive: return "naive"
    }
}
