import NumberFormatting

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

    /// The samples of each configuration key, in file order.
    static func parse(_ text: String, source: String) throws(FileLineError) -> [String: [Double]] {
        let records = try CSV.parse(text, source: source)
        guard let first = records.first, let keyColumn = first.firstIndex(of: "config"),
              let secondsColumn = first.firstIndex(of: "seconds") else {
            throw FileLineError(file: source, line: 1, message: "header needs 'config' and 'seconds' columns")
        }
        var samples: [String: [Double]] = [:]
        for (offset, record) in records.dropFirst().enumerated() {
            guard record.count > max(keyColumn, secondsColumn), let seconds = Double(record[secondsColumn]),
                  seconds.isFinite, seconds >= 0 else {
                throw FileLineError(file: source, line: offset + 2, message: "expected a configuration key and seconds ≥ 0")
            }
            samples[record[keyColumn], default: []].append(seconds)
        }
        return samples
    }
}
