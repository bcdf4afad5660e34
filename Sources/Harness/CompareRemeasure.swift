import NumberFormatting
import Statistics

/// Why a figure is measured again before its verdict, or nil when it is not.
func remeasureReason(_ figure: FigureComparison, own: [RoundSamples], reference: [RoundSamples],
                     farRule: FarPlacementRule) -> String? {
    let (verdict, straddles) = figure.judged()
    if verdict == .holds && straddles {
        return "is below its regression threshold but its CI reaches the baseline (\(formatFixed(figure.current ?? 0, decimals: 3)) "
            + "[\(formatFixed(figure.currentLow ?? 0, decimals: 3)), \(formatFixed(figure.currentHigh ?? 0, decimals: 3))] vs "
            + "threshold \(formatFixed(figure.baseline * (1 - (figure.tolerance ?? 0)), decimals: 3)), baseline "
            + "\(formatFixed(figure.baseline, decimals: 3)))"
    }
    if verdict == .regressed && (farRule.anyFar(own) || farRule.anyFar(reference)) {
        return "regressed with a round measured while the vCPUs sat far apart (core_rt_ns above "
            + "\(formatFixed(farRule.thresholdNs ?? 0, decimals: 0)) ns, 1.5 × this run's median probe)"
    }
    return nil
}

/// Extra rounds for the figures `remeasureReason` names: each round runs the
/// figure and its reference once, in shuffled order, through the current run's
/// repeat rule, and adds a round (numbered after the run's last) to each side's
/// samples.csv rounds. The figure is recomputed after every round from its
/// near rounds (`FarPlacementRule.figureRounds`) with the round-level CI
/// (`speedupFigure`), until it no longer straddles, holds no far round while
/// regressed, or `compareExtraRoundLimit` rounds were spent. A FAIL or a failed
/// child ends the figure's rounds.
func remeasure(_ figures: inout [JudgedFigure], inputs: CompareInputs, probeCoreRoundTrip: @escaping () -> Double?,
               errors: inout [String]) {
    var runner = RoundRunner(settings: inputs.settings, seed: freshOrderSeed(), probeCoreRoundTrip: probeCoreRoundTrip)
    // Every extra round gets a number of its own, after the run's last, so a
    // reference shared by two figures never holds two rounds of one number.
    var nextRound = inputs.currentRounds.values.flatMap { $0.map(\.round) }.max() ?? 0
    for index in figures.indices where figures[index].comparison.verdict == .holds
                                    || figures[index].comparison.verdict == .regressed {
        let configuration = figures[index].configuration
        let sides = [configuration.reference, configuration]
        var rounds = sides.map { inputs.currentRounds[$0.key] ?? [] }
        guard let reason = remeasureReason(figures[index].comparison, own: rounds[1], reference: rounds[0],
                                           farRule: inputs.farRule) else { continue }
        writeText("compare: \(configuration.key) \(reason); extra rounds beside its reference\n", to: 2)
        while figures[index].comparison.extraRounds < compareExtraRoundLimit {
            figures[index].comparison.extraRounds += 1
            nextRound += 1
            let round = nextRound
            var failure: String? = nil
            runner.run(round: round, order: runner.shuffledOrder(of: sides), finished: { _, c, outcome in
                switch outcome {
                case .row(let row): if row.verdict != .pass { failure = failure ?? "FAIL" }
                case .error(let message): failure = failure ?? "\(c.key): \(message)"
                }
            })
            if failure == "FAIL" {
                figures[index].comparison.verdict = .failed
                break
            }
            if let failure {
                errors.append("\(configuration.key): re-measurement failed: \(failure)")
                figures[index].comparison.verdict = .error
                break
            }
            // The runner's pools hold the round just run, samples and probe together.
            for side in sides.indices {
                rounds[side] += runner.pools[sides[side]]?.roundSamples.filter { $0.round == round } ?? []
            }
            let chosen = rounds.map { inputs.farRule.figureRounds($0) }
            guard let figure = speedupFigure(reference: chosen[0], measured: chosen[1]),
                  let interval = figure.interval else { continue }
            figures[index].comparison.current = rounded(figure.speedup, decimals: 4)
            figures[index].comparison.currentLow = rounded(interval.lowerBound, decimals: 4)
            figures[index].comparison.currentHigh = rounded(interval.upperBound, decimals: 4)
            let (verdict, straddles) = figures[index].comparison.judged()
            figures[index].comparison.verdict = verdict
            let farInFigure = inputs.farRule.anyFar(chosen[0]) || inputs.farRule.anyFar(chosen[1])
            if !straddles && !(verdict == .regressed && farInFigure) { break }
        }
    }
}
