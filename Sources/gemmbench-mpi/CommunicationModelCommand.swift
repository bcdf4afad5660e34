import GemmCore
import NumberFormatting
import SystemBoundary
import DistributedProducts
import CommunicationCost

/// `gemmbench-mpi model`: the paper plan as a table (no MPI needed).
enum CommunicationModelCommand {
    static let flags: Set<String> = ["--gflops", "--bandwidth", "--latency", "--memory", "--panel"]

    static func run(_ arguments: [String]) -> ExitCode {
        do {
            let model = try parse(arguments)
            writeAll(table(model), to: .standardOutput)
            return .success
        } catch {
            printMPIError(error.description)
            return .usageError
        }
    }

    static func parse(_ arguments: [String]) throws(MPIUsageError) -> CommunicationModel {
        var list = MPIArguments(arguments)
        try list.rejectUnknownOptions(known: flags, command: "model")
        var model = CommunicationModel.default
        if let gflops = try bounded(list.decimal("--gflops", allowZero: false), "--gflops") { model.flopsPerSecond = gflops * 1e9 }
        if let gbps = try bounded(list.decimal("--bandwidth", allowZero: false), "--bandwidth") {
            model.bandwidthBytesPerSecond = gbps * 1e9
        }
        if let micro = try list.decimal("--latency") {
            guard micro <= valueRange.upperBound else { throw outOfRange("--latency", micro) }
            model.latencySeconds = micro * 1e-6
        }
        if let gib = try bounded(list.decimal("--memory", allowZero: false), "--memory") { model.memoryBytesPerNode = gib * 1024 * 1024 * 1024 }
        if let panel = try list.integer("--panel", minimum: 1) {
            guard Double(panel) <= valueRange.upperBound else { throw outOfRange("--panel", Double(panel)) }
            model.panelWidth = Double(panel)
        }
        try list.finish(command: "model")
        // The bounds keep every figure finite; this says so should a formula change.
        for n in CommunicationModel.sizes {
            for nodes in CommunicationModel.nodeCounts {
                for algorithm in CommunicationModel.Algorithm.allCases {
                    guard let prediction = model.predict(algorithm, n: n, nodes: nodes) else { continue }
                    guard prediction.seconds.isFinite, prediction.words.isFinite, prediction.computeSeconds.isFinite else {
                        throw MPIUsageError("model: these inputs overflow the model (\(algorithm.rawValue) at n = \(n) on \(nodes) nodes)")
                    }
                }
            }
        }
        return model
    }

    /// What `--gflops`, `--bandwidth`, `--memory` (and `--latency`, `--panel`
    /// from above) accept: far beyond any machine either way, and narrow enough
    /// that F, β, α and the predictions stay finite (`--gflops 1e308` would make F infinite).
    static let valueRange = 1e-6...1e9

    private static func bounded(_ value: Double?, _ flag: String) throws(MPIUsageError) -> Double? {
        guard let value else { return nil }
        guard valueRange.contains(value) else { throw outOfRange(flag, value) }
        return value
    }

    private static func outOfRange(_ flag: String, _ value: Double) -> MPIUsageError {
        MPIUsageError("\(flag) \(value) is outside the model's range \(valueRange.lowerBound)…\(valueRange.upperBound)")
    }

    /// One line per (n, nodes): compute time, then each algorithm's GiB
    /// received per node and predicted seconds.
    static func table(_ model: CommunicationModel) -> String {
        var lines = [
            "C = A·B, all n×n, on N nodes: words each node receives (GiB) and predicted time (s)",
            "F = \(formatFixed(model.flopsPerSecond / 1e9, decimals: 1)) GFLOP/s per node, α = \(formatFixed(model.latencySeconds * 1e6, decimals: 1)) µs, "
                + "β = \(formatFixed(model.bandwidthBytesPerSecond / 1e9, decimals: 1)) GB/s, \(formatFixed(model.memoryBytesPerNode / 1_073_741_824, decimals: 0)) GiB per node, "
                + "panels \(Int(model.panelWidth)) wide; T = T_compute + S·α + 8W/β (no overlap)",
            "",
            row(["n", "N", "compute_s", "SUMMA_GiB", "SUMMA_s", "2.5D_c", "2.5D_GiB", "2.5D_s", "COSMA_GiB", "COSMA_s", "best"]),
        ]
        for n in CommunicationModel.sizes {
            for nodes in CommunicationModel.nodeCounts {
                let predictions = CommunicationModel.Algorithm.allCases.map { model.predict($0, n: n, nodes: nodes) }
                guard let summa = predictions[0], let layered = predictions[1], let cosma = predictions[2] else {
                    lines.append(row([String(n), String(nodes), "does not fit in \(formatFixed(model.memoryBytesPerNode / 1_073_741_824, decimals: 0)) GiB per node"]))
                    continue
                }
                let gib = { (p: CommunicationModel.Prediction) in formatFixed(8 * p.words / 1_073_741_824, decimals: 2) }
                let best = zip(CommunicationModel.Algorithm.allCases, [summa, layered, cosma])
                    .min { $0.1.seconds < $1.1.seconds }!.0.rawValue
                lines.append(row([String(n), String(nodes), formatFixed(summa.computeSeconds, decimals: 2),
                                  gib(summa), formatFixed(summa.seconds, decimals: 2),
                                  String(layered.layers), gib(layered), formatFixed(layered.seconds, decimals: 2),
                                  gib(cosma), formatFixed(cosma.seconds, decimals: 2), best]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func row(_ cells: [String]) -> String {
        let widths = [7, 5, 10, 10, 9, 7, 9, 9, 10, 9, 6]
        return zip(cells, widths + Array(repeating: 0, count: max(0, cells.count - widths.count)))
            .map { cell, width in String(repeating: " ", count: max(0, width - cell.count)) + cell }
            .joined(separator: " ")
    }
}
