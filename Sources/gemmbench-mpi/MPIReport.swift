import GemmCore
import NumberFormatting
import ResultRows

/// The text reports of `gemmbench-mpi gemm` and `chain`, shaped like gemmbench's own.
enum MPIReport {
    static func text(_ result: MPIGemmResult, blasCore: String) -> String {
        let o = result.options
        var head = "gemm m=\(o.m) k=\(o.k) n=\(o.n)" + where_(o.run, result.measurement)
        if let width = result.panelWidth { head += " panel=\(width)" }
        return ([head] + measurementLines(result.measurement, blasCore: blasCore)).joined(separator: "\n") + "\n"
    }

    static func text(_ result: MPIChainResult, blasCore: String) -> String {
        let o = result.options
        let head = "chain dims=\(o.dims.map(String.init).joined(separator: ","))"
            + (o.presetName.map { " preset=\($0)" } ?? "") + " planner=\(o.planner.rawValue)" + where_(o.run, result.measurement)
        let plan = "  plan \(result.plan.parenthesization)  \(result.plan.steps.count) products, \(formatFixed(result.plan.totalFlops / 1e9, decimals: 3)) GFLOP"
        let oneProcess = (result.oneProcessReason.map { [$0] } ?? []).map { "  plan: \($0)" }
            + result.subgridNotes.map { "  plan: \($0)" }
        var lines = [head, plan] + oneProcess + measurementLines(result.measurement, blasCore: blasCore)
        if let path = o.outputPath, result.measurement.verification.passed { lines.append("  wrote \(path)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// " backend=mpi algorithm=… ranks=… nodes=… grid=… node-split=… threads=…", then
    /// " transport=… split=…" for tiles (grid "-": `ResultRow.noGrid`).
    static func where_(_ run: MPIRunOptions, _ s: MPIMeasurement) -> String {
        " backend=mpi algorithm=\(run.algorithm.rawValue) ranks=\(s.ranks) nodes=\(s.nodes) grid=\(s.grid?.description ?? ResultRow.noGrid)"
            + " node-split=\(run.nodeSplit) kernel=\(run.kernel.rawValue) threads=\(run.threads)"
            + (s.transport.map { " transport=\($0.rawValue)" } ?? "") + (s.split.map { " split=\($0)" } ?? "")
    }

    static func measurementLines(_ s: MPIMeasurement, blasCore: String) -> [String] {
        let v = s.verification
        return [
            "  reps \(s.stats.samples.count)  median \(seconds(s.stats.median))  min \(seconds(s.stats.min))  max \(seconds(s.stats.max))  \(formatFixed(s.gflops, decimals: 2)) GFLOP/s",
        ] + v.reportLines(blasCore: blasCore, productSeconds: s.stats.median)
    }
}
