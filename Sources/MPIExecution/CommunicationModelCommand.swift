import GemmCore
import NumberFormatting
import SystemBoundary

/// `gemmbench-mpi model`: the paper plan as a table (no MPI needed).
enum CommunicationModelCommand {
    static let flags: Set<String> = ["--gflops", "--bandwidth", "--latency", "--memory", "--panel"]

    static func run(_ arguments: [String]) -> Int32 {
        do {
            let model = try parse(arguments)
            writeAll(table(model), to: .standardOutput)
            return 0
        } catch {
            printMPIError(error.description)
            return 2
        }
    }

    static func parse(_ arguments: [String]) throws(MPIUsageError) -> CommunicationModel {
        var list = MPIArguments(arguments)
        try list.rejectUnknownOptions(known: flags, command: "model")
        var model = CommunicationModel.default
        if let gflops = try list.decimal("--gflops", allowZero: false) { model.flopsPerSecond = gflops * 1e9 }
        if let gbps = try list.decimal("--bandwidth", allowZero: false) { model.bandwidthBytesPerSecond = gbps * 1e9 }
        if let micro = try list.decimal("--latency") { model.latencySeconds = micro * 1e-6 }
        if let gib = try list.decimal("--memory", allowZero: false) { model.memoryBytesPerNode = gib * 1024 * 1024 * 1024 }
        if let panel = try list.integer("--panel", minimum: 1) { model.panelWidth = Double(panel) }
        try list.finish(command: "model")
        return model
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
