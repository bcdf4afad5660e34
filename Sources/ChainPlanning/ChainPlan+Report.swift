import NumberFormatting

/// The text `gemmbench plan` prints.
extension ChainPlan {
    /// The `gemmbench plan --csv` header; one source of truth for the column list.
    public static let csvColumns = [
        "step", "expression", "m", "k", "n", "flops", "split", "est_start_s", "est_finish_s",
    ]

    /// `csvColumns` joined by commas.
    public static var csvHeader: String { csvColumns.joined(separator: ",") }

    /// One line per step, in `csvColumns` order: plain numbers (flops as an
    /// integer, seconds with 9 decimals), split as "RxC". Expressions contain no
    /// commas or quotes, so no cell needs quoting.
    public var csvRows: [String] {
        steps.map { step in
            [
                String(step.index), step.expression, String(step.m), String(step.k), String(step.n),
                formatCount(step.flops), step.split.description,
                formatFixed(step.estimatedStart, decimals: 9), formatFixed(step.estimatedFinish, decimals: 9),
            ].joined(separator: ",")
        }
    }

    /// A human-readable plan: header, the parenthesisation, a table of steps
    /// (shape, GFLOP, split, estimated start/finish in ms, inputs, expression),
    /// then total flops, estimated time and the cost model.
    public func describe() -> String {
        func input(_ operand: Operand) -> String {
            switch operand {
            case .factor(let i): return factorName(i)
            case .product(let j): return "#\(j)"
            }
        }
        let header = ["step", "m", "k", "n", "GFLOP", "split", "start_ms", "finish_ms", "inputs", "expression"]
        let rows = steps.map { step in
            [
                "#\(step.index)", String(step.m), String(step.k), String(step.n),
                formatFixed(step.flops / 1e9, decimals: 3), step.split.description,
                formatFixed(step.estimatedStart * 1e3, decimals: 3),
                formatFixed(step.estimatedFinish * 1e3, decimals: 3),
                input(step.lhs) + "·" + input(step.rhs), step.expression,
            ]
        }
        // Right-align numbers; the last two (text) columns are left-aligned.
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max()!
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column >= header.count - 2 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        let workerText = workers == 0 ? "single process" : "\(workers) worker\(workers == 1 ? "" : "s")"
        let rate = estimatedSeconds > 0 ? totalFlops / estimatedSeconds / 1e9 : 0
        var text = [
            "chain \(dims.map(String.init).joined(separator: "x")) (\(factorCount) factors), "
                + "planner \(planner.rawValue), \(workerText)",
            "Y = \(parenthesization)",
            line(header),
        ]
        text += rows.map(line)
        text += [
            "total \(formatFixed(totalFlops / 1e9, decimals: 3)) GFLOP in \(steps.count) products, "
                + "estimated \(formatFixed(estimatedSeconds * 1e3, decimals: 3)) ms "
                + "(\(formatFixed(rate, decimals: 1)) GFLOP/s)",
            "cost model: \(costModel)",
        ]
        return text.joined(separator: "\n") + "\n"
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
