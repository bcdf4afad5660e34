import ResultRows

/// Whether a sweep's results directory holds the whole run: env.json's
/// `complete` (true or false) and, when false, `incomplete_reason`
/// (Benchmarks/README.md, "env.json"). A sweep writes `complete: false` first and
/// `true` only once every configuration has its row, so a run stopped by a
/// signal, a crash or a closed stdout, or one where a configuration crashed or
/// timed out, says so; `baseline` records only complete runs.
enum RunCompleteness {
    /// What env.json says while the sweep runs; it stays if the sweep never reaches its end.
    static let unfinishedReason = "the sweep did not reach its end: it is still running, or it was stopped "
        + "(SIGINT, SIGTERM, a crash) before every round was measured"

    /// Throws unless the run in `environment` (read from `source`) is complete.
    /// A run from before the marker counts as complete only when every
    /// configuration of the suite it recorded (`suite_text`) has a row in `rows`.
    static func check(_ environment: FlatJSONObject, source: String, rows: [ResultRow]) throws(HarnessError) {
        switch environment["complete"] {
        case .bool(true)?:
            return
        case .bool(false)?:
            let reason = environment["incomplete_reason"]?.stringValue ?? "no reason given"
            throw HarnessError("\(source) marks the run incomplete (\(reason)): record a run that finished")
        case nil:
            try checkLegacy(environment, source: source, rows: rows)
        case let other?:
            throw HarnessError("\(source): 'complete' is \(quotedInput(other.encoded)), expected true or false")
        }
    }

    private static func checkLegacy(_ environment: FlatJSONObject, source: String, rows: [ResultRow]) throws(HarnessError) {
        guard let text = environment["suite_text"]?.stringValue,
              let suite = try? Suite.parse(text: text, path: source) else {
            throw HarnessError("\(source) has no 'complete' marker and no readable suite_text: cannot tell whether "
                               + "every configuration was measured")
        }
        let measured = Set(rows.compactMap(BenchConfiguration.init(row:)))
        let plan: SweepPlan
        do { plan = try SweepPlan(suite: suite) } catch { throw HarnessError("\(source): its suite_text cannot be planned: \(error)") }
        let missing = plan.configurations.filter { !measured.contains($0) }
        if let first = missing.first {
            throw HarnessError("\(source) has no 'complete' marker and \(missing.count) configurations of its suite "
                               + "have no row (first: \(first.key)): the run did not finish")
        }
    }
}

extension FlatJSONObject {
    mutating func markIncomplete(_ reason: String) {
        self["complete"] = .bool(false)
        self["incomplete_reason"] = .string(reason)
    }

    mutating func markComplete() {
        self["complete"] = .bool(true)
        self["incomplete_reason"] = nil
    }
}
