import NumberFormatting
import Vocabulary

/// plots/charts.gp for one run: a gnuplot script with the run's figures inline
/// and every legend in words, drawing each chart `RunReport.charts` lists that
/// the run has data for, as PNG and SVG. `make plot` runs it; so can
/// `gnuplot -e "dir='RESULTS_DIR'" RESULTS_DIR/plots/charts.gp`.
struct ChartScript {
    let report: RunReport

    var text: String {
        var script = """
        # Charts of gemmbench run \(report.environment["run_id"]?.stringValue ?? ""), written by the sweep
        # (or `gemmbench report`): the figures are inline, so the script needs only gnuplot.
        if (!exists("dir")) dir = "."
        set datafile missing "?"
        set grid
        set key outside right top
        set style data yerrorlines

        """
        for chart in [speedupChart(efficiency: false), gflopsChart(), speedupChart(efficiency: true), chainChart(), mpiChart()] {
            if let chart { script += chart + "\n" }
        }
        return script
    }

    /// `body` drawn twice: `name`.png for report.md, `name`.svg beside it.
    private func twice(_ name: String, _ body: String) -> String {
        """
        set terminal pngcairo size 1000,600 noenhanced
        set output dir . "/plots/\(name).png"
        \(body)
        set terminal svg size 1000,600 noenhanced
        set output dir . "/plots/\(name).svg"
        replot
        unset output
        reset
        set datafile missing "?"
        set grid
        set key outside right top

        """
    }

    private var gemm: [ReportFigure] {
        // The linked OpenBLAS's: speedups are per library, and one line per P must have one library.
        report.figures.filter { !$0.configuration.isChain && !$0.isMPI && $0.configuration.kernel == .blas && !$0.configuration.auto
                                && $0.configuration.library == nil }
    }

    private func squareSize(_ figure: ReportFigure) -> Int? {
        if case .gemm(let m, let k, let n) = figure.configuration.problem, m == k, k == n { return n }
        return nil
    }

    /// Speedup (or efficiency) against P × T for each size ≥ 256: worker processes
    /// × 1 thread (shared memory) and OpenBLAS threads in one process, with the ideal.
    private func speedupChart(efficiency: Bool) -> String? {
        let sizes = Array(Set(gemm.compactMap(squareSize))).filter { $0 >= 256 }.sorted()
        guard !sizes.isEmpty else { return nil }
        var blocks = "", plots: [String] = []
        var largestParallelism = 1
        for n in sizes {
            for (kind, isProcesses) in [("processes", true), ("OpenBLAS threads", false)] {
                let points = gemm.filter { squareSize($0) == n && $0.configuration.transport != .message
                    && (isProcesses ? ($0.configuration.workers >= 1 && $0.configuration.threads == 1) || $0.configuration.isReference
                                    : $0.configuration.workers == 0) }
                    .map { (p: max($0.configuration.workers, 1) * $0.configuration.threads, f: $0) }
                    .sorted { $0.p < $1.p }
                guard points.count >= 2 else { continue }
                largestParallelism = max(largestParallelism, points.last!.p)
                let name = "$s\(n)\(isProcesses ? "p" : "t")"
                blocks += "\(name) << EOD\n" + points.map { point in
                    let scale = efficiency ? Double(point.p) : 1
                    return "\(point.p) \(point.f.speedup / scale) \(point.f.low / scale) \(point.f.high / scale)"
                }.joined(separator: "\n") + "\nEOD\n"
                plots.append("\(name) using 1:2:3:4 title \"n = \(n), \(kind)\"\(isProcesses ? "" : " dashtype 2")")
            }
        }
        guard !plots.isEmpty else { return nil }
        let ideal = efficiency ? "1 title \"ideal\" with lines lw 2 lc rgb \"gray\""
            : "x title \"ideal (P × T)\" with lines lw 2 lc rgb \"gray\""
        let body = """
        set title "\(efficiency ? "Efficiency: speedup ÷ (processes × threads)" : "Speedup over one process × 1 thread") (95% CI bars)"
        set xlabel "processes × BLAS threads"
        set ylabel "\(efficiency ? "efficiency" : "speedup")"
        set xrange [0.5:\(largestParallelism) + 0.5]
        set xtics 1
        set yrange [0:*]
        plot \(ideal), \\
            \(plots.joined(separator: ", \\\n    "))
        """
        return blocks + twice(efficiency ? "efficiency" : "speedup", body)
    }

    /// GFLOP/s of every configuration at the largest gemm size, linear, with the
    /// measured FMA peak of one core and of all cores; % of peak on the right axis.
    private func gflopsChart() -> String? {
        let all = report.figures.filter { !$0.configuration.isChain }
        guard let largest = all.compactMap(squareSize).max() else { return nil }
        let here = all.filter { squareSize($0) == largest }.sorted(by: CompactTables.readingOrder)
        guard !here.isEmpty else { return nil }
        let peak = report.environment["peak_gflops_per_core"]?.stringValue.flatMap(Double.init)
        var data = "$gflops << EOD\n"
        for (index, figure) in here.enumerated() {
            data += "\(index) \(figure.row.gflops) \"\(figure.name)\"\n"
        }
        data += "EOD\n"
        let top = max(here.map(\.row.gflops).max() ?? 1, (peak ?? 0) * Double(report.cores)) * 1.15
        var lines = ""
        if let peak, peak > 0 {
            let all = peak * Double(report.cores)
            lines = """
            set arrow from graph 0, first \(all) to graph 1, first \(all) nohead lw 2 lc rgb "red"
            set label "peak, all \(report.cores) cores (\(formatFixed(all, decimals: 0)) GFLOP/s)" at graph 0.02, first \(all) offset 0,0.7
            set arrow from graph 0, first \(peak) to graph 1, first \(peak) nohead dashtype 2 lc rgb "red"
            set label "peak, 1 core" at graph 0.02, first \(peak) offset 0,0.7
            set y2label "% of all cores' peak"
            set y2tics
            set y2range [0:\(formatFixed(100 * top / all, decimals: 2))]

            """
        }
        let body = """
        set title "GFLOP/s at n = \(largest) (median time; linear axis)"
        set xrange [-0.6:\(here.count) - 0.4]
        set ylabel "GFLOP/s"
        set yrange [0:\(formatFixed(top, decimals: 1))]
        set style fill solid 0.6
        set boxwidth 0.7
        set xtics rotate by -35 left
        unset key
        \(lines)plot $gflops using 1:2:xtic(3) with boxes title "GFLOP/s"
        """
        return data + twice("gflops", body)
    }

    /// Median seconds of each chain configuration, grouped by preset.
    private func chainChart() -> String? {
        let chains = report.figures.filter(\.configuration.isChain)
        guard !chains.isEmpty else { return nil }
        let presets = orderedUnique(chains.map(\.configuration.problemWords))
        let names = orderedUnique(chains.sorted(by: CompactTables.readingOrder).map(\.name))
        var data = "$chains << EOD\n\"configuration\" " + presets.map { "\"\($0)\"" }.joined(separator: " ") + "\n"
        for name in names {
            let cells = presets.map { preset in
                chains.first { $0.name == name && $0.configuration.problemWords == preset }
                    .map { formatSignificant($0.row.medianSeconds * 1e3, digits: 4) } ?? "?"
            }
            data += "\"\(name)\" " + cells.joined(separator: " ") + "\n"
        }
        data += "EOD\n"
        let columns = presets.indices.map { "$chains using \($0 + 2):xtic(1) title columnheader(\($0 + 2))" }
        let body = """
        set title "Chain time per planner and configuration (median, ms, log axis: planners differ 100-fold)"
        set ylabel "milliseconds"
        set logscale y
        set style data histograms
        set style histogram clustered gap 1
        set style fill solid 0.6
        set xtics rotate by -35 left
        plot \(columns.joined(separator: ", "))
        """
        return data + twice("chain-time", body)
    }

    /// At the largest size run on MPI: each MPI configuration (algorithm, ranks,
    /// placement) beside the worker pool of as many processes, speedup with CI bars.
    private func mpiChart() -> String? {
        let mpi = report.figures.filter { $0.isMPI && !$0.configuration.isChain }
        guard let largest = mpi.compactMap(squareSize).max() else { return nil }
        let here = mpi.filter { squareSize($0) == largest }.sorted(by: CompactTables.readingOrder)
        let ranks = Set(here.compactMap { $0.configuration.mpi?.ranks })
        let pool = gemm.filter { squareSize($0) == largest && ranks.contains($0.configuration.workers)
                                 && $0.configuration.threads == 1 && $0.configuration.transport == .shm }
            .sorted { $0.configuration.workers < $1.configuration.workers }
        let bars = pool.map { ($0, "worker pool: \($0.name)") } + here.map { ($0, $0.name) }
        guard !here.isEmpty else { return nil }
        var data = "$mpi << EOD\n"
        for (index, bar) in bars.enumerated() {
            data += "\(index) \(bar.0.speedup) \(bar.0.low) \(bar.0.high) \"\(bar.1)\"\n"
        }
        data += "EOD\n"
        let body = """
        set title "MPI algorithms against the worker pool, n = \(largest) (speedup, 95% CI bars)"
        set xrange [-0.6:\(bars.count) - 0.4]
        set ylabel "speedup over one process with 1 BLAS thread"
        set yrange [0:*]
        set style fill solid 0.6
        set boxwidth 0.7
        set xtics rotate by -35 left
        unset key
        plot $mpi using 1:2:3:4:(0.7):xtic(5) with boxerrorbars title "speedup"
        """
        return data + twice("mpi", body)
    }
}
