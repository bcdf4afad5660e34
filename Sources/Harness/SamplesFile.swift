import NumberFormatting
import ResultRows

/// samples.csv in a run directory: every timed run of every configuration, so
/// any figure can be recomputed or plotted from the raw data.
///
/// Columns: `config` (the configuration key, as in `compare`), `round`
/// (1-based; rounds past the suite's `rounds` are extra rounds for noisy
/// rows), `run` (1-based within that round's child), `seconds`, and the
/// machine during that child: `steal_pct` and `other_load` (cores' worth of CPU
/// time used by other processes, see `RunUsage`) and `core_rt_ns` (the
/// inter-core round trip probed just before the child, `CoreRoundTrip`;
/// empty when not probed).
enum SamplesFile {
    static let name = "samples.csv"
    static let header = ["config", "round", "run", "seconds", "steal_pct", "other_load", "core_rt_ns"]

    static func document(_ configurations: [BenchConfiguration], pools: [BenchConfiguration: PooledMeasurement]) -> String {
        var records: [[String]] = []
        for configuration in configurations {
            guard let pool = pools[configuration] else { continue }
            for run in pool.runs {
                let steal = run.usage.map { formatFixed($0.stealPercent, decimals: 2) } ?? ""
                let other = run.usage.map { formatFixed($0.otherLoad, decimals: 3) } ?? ""
                let roundTrip = run.coreRoundTripNs.map { formatFixed($0, decimals: 1) } ?? ""
                for (index, seconds) in run.samples.enumerated() {
                    records.append([configuration.key, String(run.round), String(index + 1), "\(seconds)", steal, other, roundTrip])
                }
            }
        }
        return CSV.document(header: header, records: records)
    }

    /// Each configuration key's rounds, in the order the file lists them, each
    /// with its samples and its `core_rt_ns` probe (a file without the
    /// column, or an empty cell, has none; a file without `round` is one round).
    static func parse(_ text: String, source: String) throws(FileLineError) -> [String: [RoundSamples]] {
        let records = try CSV.parse(text, source: source)
        guard let first = records.first, let keyColumn = first.firstIndex(of: "config"),
              let secondsColumn = first.firstIndex(of: "seconds") else {
            throw FileLineError(file: source, line: 1, message: "header needs 'config' and 'seconds' columns")
        }
        let roundColumn = first.firstIndex(of: "round"), probeColumn = first.firstIndex(of: "core_rt_ns")
        var rounds: [String: [RoundSamples]] = [:]
        for (offset, record) in records.dropFirst().enumerated() {
            let line = offset + 2
            guard record.count > max(keyColumn, secondsColumn), let seconds = Double(record[secondsColumn]),
                  seconds.isFinite, seconds >= 0 else {
                throw FileLineError(file: source, line: line, message: "expected a configuration key and seconds ≥ 0")
            }
            var round = 1
            if let roundColumn {
                guard record.count > roundColumn, let number = Int(record[roundColumn]), number >= 1 else {
                    throw FileLineError(file: source, line: line, message: "expected a round number ≥ 1")
                }
                round = number
            }
            var probe: Double? = nil
            if let probeColumn, record.count > probeColumn, !record[probeColumn].isEmpty {
                guard let value = Double(record[probeColumn]), value.isFinite, value >= 0 else {
                    throw FileLineError(file: source, line: line, message: "core_rt_ns must be empty or a number ≥ 0")
                }
                probe = value
            }
            let key = record[keyColumn]
            if let last = rounds[key]?.indices.last, rounds[key]![last].round == round {
                rounds[key]![last].samples.append(seconds)
            } else {
                rounds[key, default: []].append(RoundSamples(round: round, samples: [seconds], coreRoundTripNs: probe))
            }
        }
        return rounds
    }
}
