import Glibc
import NumberFormatting
import Statistics

/// One figure of a baseline across the runs that recorded it.
struct BaselineFigure {
    struct Reading {
        let speedup: Double, low: Double, high: Double
        /// The run's rounds behind its CI (the round-level interval's degrees of freedom + 1).
        let rounds: Int
        /// The run's own 95 % CI half-width, as a fraction of its speedup.
        var relativeHalfWidth: Double { (high - low) / 2 / speedup }
        var run: RunPrediction.Run { RunPrediction.Run(value: speedup, low: low, high: high, rounds: rounds) }
    }

    let key: String
    let configuration: BenchConfiguration
    let readings: [Reading]

    /// Where one new run's speedup should land (nil with one run): the runs
    /// weighted by their own CIs, plus the spread between them (`RunPrediction`).
    var prediction: RunPrediction? { RunPrediction(readings.map(\.run)) }
    /// The runs' weighted geometric mean (the one run's figure when alone).
    var center: Double { prediction?.center ?? readings[0].speedup }
    var predictionRange: ClosedRange<Double> {
        guard let prediction else { return readings[0].low...readings[0].high }
        return prediction.center * exp(-prediction.logHalfWidth)...prediction.center * exp(prediction.logHalfWidth)
    }
    /// The median of the runs' within-run CI half-widths.
    var withinHalfWidth: Double { median(readings.map(\.relativeHalfWidth)) ?? 0 }

    /// From several runs: the lower half-width of the prediction interval for
    /// one new run's speedup, 2 · √(τ² + s̃² + 1/Σw) on the log scale — the
    /// spread BETWEEN runs that their own CIs do not explain (τ), a typical run's
    /// own error (s̃, from its within-run CI) and the centre's uncertainty —
    /// rounded up to a hundredth, within [`minimum`, `maximum`].
    /// `compare` flags a figure whose current speedup lies below the band AND
    /// whose own CI lies below the centre (`FigureComparison.judged`).
    /// Measured on 13 quick sweeps of one quiet machine (Benchmarks/README.md,
    /// "Measured false-alarm rate"): against Student t over the three runs'
    /// figures alone, this flags a 10 % loss far more often at the same false-alarm rate.
    /// From one run: its own CI half-width + 0.01, at least the old default 0.05,
    /// since one run cannot show the spread between runs.
    var tolerance: Double {
        let raw: Double
        let floor: Double
        if let prediction {
            raw = prediction.relativeLowerHalfWidth
            floor = Self.minimum
        } else {
            raw = withinHalfWidth + 0.01
            floor = baselineDefaultTolerance
        }
        return min(Self.maximum, max(floor, (raw * 100 - 1e-9).rounded(.up) / 100))
    }

    /// How `tolerance` was derived, for its line in tolerances.txt.
    var derivation: String {
        let values = readings.map { formatFixed($0.speedup, decimals: 3) }.joined(separator: ", ")
        let within = "within-run CI ±\(formatFixed(100 * withinHalfWidth, decimals: 1))%"
        guard let prediction else { return "derived: 1 run (\(values)), \(within) + 0.01" }
        let spread = "between runs ±\(formatFixed(100 * prediction.logBetweenRunSpread, decimals: 1))%, "
            + "run error ±\(formatFixed(100 * prediction.logTypicalRunError, decimals: 1))%"
        return "derived: \(readings.count) runs (\(values)), centre \(formatFixed(prediction.center, decimals: 3)), "
            + "\(spread), prediction −\(formatFixed(100 * prediction.relativeLowerHalfWidth, decimals: 1))%, \(within)"
    }

    /// A line when two runs' CIs do not overlap: the runs disagree by more than
    /// either run's own spread, so something outside the code moved one of them
    /// (a busy minute, the host's placement) and widened the tolerance.
    var disagreement: String? {
        // Only where the disagreement widened the tolerance past the floor.
        guard readings.count > 1, tolerance > Self.minimum else { return nil }
        let lowest = readings.min { $0.high < $1.high }!, highest = readings.max { $0.low < $1.low }!
        guard lowest.high < highest.low else { return nil }
        func shown(_ r: Reading) -> String {
            "\(formatFixed(r.speedup, decimals: 3)) [\(formatFixed(r.low, decimals: 3)), \(formatFixed(r.high, decimals: 3))]"
        }
        return "\(key): the runs disagree beyond their CIs (\(shown(lowest)) vs \(shown(highest))), so its tolerance "
            + "is \(formatFixed(tolerance, decimals: 2)); a run taken while the machine was busy or the vCPUs sat far apart "
            + "widens it: record again from quieter runs, or from more of them"
    }

    /// No derived tolerance is tighter. Runs of one session cannot show how far
    /// a figure drifts between sessions and machines of one class (2–3 % measured:
    /// Benchmarks/README.md, "Regression check"), and a band inside that drift
    /// would flag it; 0.05 leaves room for it and still catches a 10 % loss.
    static let minimum = 0.05
    /// No figure is judged more loosely than this, however noisy its runs.
    static let maximum = 0.5
}

/// The tolerance of a figure recorded from one run when its CI is tight: a
/// change of more than 5 %, with the whole CI beyond the baseline, is reported.
let baselineDefaultTolerance = 0.05

/// tolerances.txt for a baseline: a header saying how it was made, `default`,
/// one derived line per figure, then the previous file's hand edits.
///
/// A hand edit is any line below the marker line `# Hand edits: …`; in a file
/// written before the marker existed, every assignment that is neither
/// `default` nor a derived line (one whose comment starts `derived:` or `CI ±`),
/// together with the comment lines right above it. Hand edits come last, so
/// under "the last matching line wins" they override the derivation; `notes`
/// says which of them the derivation now covers anyway.
struct BaselineTolerances {
    let text: String
    let keptHandEdits: Int
    let notes: [String]
    let rangeText: String

    static let marker = "# Hand edits: the lines below are kept when this baseline is re-recorded (gemmbench baseline);"

    init(figures: [BaselineFigure], runs: [String], cpuClass: String, previous: String?) {
        var text = """
        # Tolerances for the figures in raw.csv beside this file, written by
        #   gemmbench baseline \(runs.joined(separator: " "))
        # for cpu_class \(cpuClass) from \(runs.count) run(s). A figure (a configuration's speedup over its
        # in-run reference) regresses only when the current run's speedup lies below
        # baseline × (1 − tolerance) and its whole 95% CI below the baseline (Benchmarks/README.md,
        # "Regression check"). A figure's line: the lower half-width of the prediction interval
        # for one new run, 2·√(τ² + s̃² + 1/Σw) on the log scale (the runs weighted by their own
        # CIs; τ their spread beyond those CIs, s̃ a typical run's own error), rounded up to a
        # hundredth, within [\(formatFixed(BaselineFigure.minimum, decimals: 2)), \(formatFixed(BaselineFigure.maximum, decimals: 2))]; its comment gives the runs, their weighted
        # centre, τ, s̃ and median within-run CI (one run: its CI half-width + 0.01, at least \(formatFixed(baselineDefaultTolerance, decimals: 2))).

        default = \(formatFixed(baselineDefaultTolerance, decimals: 2))


        """
        let kept = previous.map(Self.handEdits) ?? []
        // A hand edit of one exact key replaces its derived line (a key may appear once).
        let handKeys = Set(kept.compactMap { block in
            block.split(separator: "\n").last.flatMap { $0.split(separator: "=").first?.trimmed }
        })
        for figure in figures {
            let line = "\(figure.key) = \(formatFixed(figure.tolerance, decimals: 2))    # \(figure.derivation)"
            text += (handKeys.contains(figure.key) ? "# overridden by a hand edit below: " + line : line) + "\n"
        }
        text += "\n\(Self.marker)\n# they override the derived lines above. Give each its reason in a comment above it.\n"
        if !kept.isEmpty { text += "\n" + kept.joined(separator: "\n") + "\n" }
        self.text = text
        let assignments = kept.flatMap { $0.split(separator: "\n") }.filter { !$0.hasPrefix("#") }
        keptHandEdits = assignments.count
        notes = assignments.compactMap { Self.coverageNote(String($0), figures: figures) }
        let tolerances = figures.map(\.tolerance)
        rangeText = tolerances.isEmpty ? "none"
            : "\(formatFixed(tolerances.min()!, decimals: 2))–\(formatFixed(tolerances.max()!, decimals: 2))"
    }

    /// The hand-edit blocks of a previous tolerances.txt, each its comment lines and its assignment.
    static func handEdits(_ previous: String) -> [String] {
        let lines = previous.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let start = lines.firstIndex(where: { $0.hasPrefix(String(marker.prefix(14))) }) {
            var blocks: [String] = []
            var comments: [String] = []
            for line in lines[(start + 1)...] {
                let trimmed = line.trimmed
                if trimmed.isEmpty { comments = []; continue }
                if trimmed.hasPrefix("#") {
                    if !trimmed.hasPrefix("# they override") { comments.append(line) }
                    continue
                }
                blocks.append((comments + [line]).joined(separator: "\n"))
                comments = []
            }
            return blocks
        }
        var blocks: [String] = []
        var comments: [String] = []
        for line in lines {
            let trimmed = line.trimmed
            if trimmed.isEmpty { comments = []; continue }
            if trimmed.hasPrefix("#") { comments.append(line); continue }
            defer { comments = [] }
            let parts = trimmed.split(separator: "#", maxSplits: 1)
            let key = parts[0].split(separator: "=").first?.trimmed ?? ""
            let comment = parts.count > 1 ? parts[1].trimmed : ""
            if key == "default" || comment.hasPrefix("derived:") || comment.hasPrefix("CI ±") { continue }
            blocks.append((comments + [line]).joined(separator: "\n"))
        }
        return blocks
    }

    /// A note when a hand edit is no wider than what the derivation now gives
    /// every figure it matches (then its reason may no longer hold).
    static func coverageNote(_ assignment: String, figures: [BaselineFigure]) -> String? {
        let parts = assignment.split(separator: "#", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let value = Double(parts[1].trimmed) else { return nil }
        let pattern = parts[0].trimmed
        let derived = figures.filter { globMatches(pattern, $0.key) }.map(\.tolerance)
        guard let widest = derived.max() else {
            return "hand edit \(pattern) = \(parts[1].trimmed) matches no figure of this baseline"
        }
        if widest >= value {
            return "hand edit \(pattern) = \(parts[1].trimmed) is no wider than the derived tolerances of the "
                + "\(derived.count) figure(s) it matches (up to \(formatFixed(widest, decimals: 2))): remove it unless its reason still holds"
        }
        return "hand edit \(pattern) = \(parts[1].trimmed) kept: it widens \(derived.count) figure(s) derived at up to \(formatFixed(widest, decimals: 2))"
    }
}
