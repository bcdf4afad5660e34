import NumberFormatting
import Statistics

/// env.json: what `gemmbench info --json` reports (CPU, cores, per-core FMA
/// peak, memory, OpenBLAS config, BLAS core, Swift version, build
/// configuration, cpu_class) followed by what the sweep knows: git commit,
/// date, run id, hostname, binary, the suite's name, path and full text, its
/// repeat rule, rounds and the order seed; at the end of the sweep
/// `addMeasurementSummary` adds how it went (and `blas_libraries`, every library
/// a suite with `blas = …` ran, with its version and kernel).
func environmentRecord(info: FlatJSONObject, suite: Suite, runID: String, date: String,
                       binary: String, orderSeed: UInt64) -> FlatJSONObject {
    var record = info
    record["git_commit"] = .string(gitCommit(near: suite.path))
    record["date"] = .string(date)
    record["run_id"] = .string(runID)
    record["hostname"] = .string(hostName())
    record["binary"] = .string(binary)
    record["suite"] = .string(suite.name)
    record["suite_path"] = .string(suite.path)
    record["suite_text"] = .string(suite.text)
    record["min_reps"] = .number(String(suite.minReps))
    record["min_seconds"] = .number("\(suite.minSeconds)")
    record["rounds"] = .number(String(suite.rounds))
    record["order_seed"] = .number(String(orderSeed))
    record["noisy_ci"] = .number("\(suite.noisyCI)")
    record["max_extra_rounds"] = .number(String(suite.maxExtraRounds))
    record["ci_method"] = .string("rounds as the unit: Student t (95%) over the rounds' log medians (median) and "
        + "over the rounds' log ratios of medians, rounds paired (speedup), centred on the reported figure; never "
        + "narrower than the pooled order-statistics interval (median) or the pooled percentile bootstrap, "
        + "\(RatioInterval.defaultResamples) resamples, seed \(RatioInterval.defaultSeed) (speedup); rounds measured with "
        + "core_rt_ns above core_rt_far_ns leave the figure when 3 near rounds remain")
    return record
}

extension FlatJSONObject {
    /// What the machine did while the sweep ran: extra rounds spent on noisy
    /// rows, steal time over all child runs (percent of all CPU time), other
    /// processes' load (mean and largest over child runs, in cores; see
    /// `RunUsage`), the inter-core round trip probed before each child
    /// (`core_rt_ns_min`, `_median`, `_max` over child runs, nanoseconds; absent
    /// when never probed), /proc/loadavg's three averages before and after, and
    /// how many rows stayed noisy.
    mutating func addMeasurementSummary(suite: Suite, extraRounds: Int, pools: [BenchConfiguration: PooledMeasurement],
                                        farRule: FarPlacementRule,
                                        loadBefore: String, loadAfter: String, noisyRows: Int) {
        let usages = pools.values.flatMap { $0.runs.compactMap(\.usage) }
        let total = usages.reduce(UInt64(0)) { $0 + $1.totalTicks }
        let steal = usages.reduce(UInt64(0)) { $0 + $1.stealTicks }
        let wall = usages.reduce(0) { $0 + $1.wallSeconds }
        self["extra_rounds"] = .number(String(extraRounds))
        self["steal_pct"] = .number(total > 0 ? formatFixed(100 * Double(steal) / Double(total), decimals: 2) : "0")
        self["other_load_mean"] = .number(wall > 0 ? formatFixed(usages.reduce(0) { $0 + $1.otherLoad * $1.wallSeconds } / wall, decimals: 3) : "0")
        self["other_load_max"] = .number(formatFixed(usages.map(\.otherLoad).max() ?? 0, decimals: 3))
        let roundTrips = pools.values.flatMap { $0.runs.compactMap(\.coreRoundTripNs) }.sorted()
        if let first = roundTrips.first, let last = roundTrips.last, let middle = median(roundTrips) {
            self["core_rt_ns_min"] = .number(formatFixed(first, decimals: 1))
            self["core_rt_ns_median"] = .number(formatFixed(middle, decimals: 1))
            self["core_rt_ns_max"] = .number(formatFixed(last, decimals: 1))
        }
        if let threshold = farRule.thresholdNs {
            self["core_rt_far_ns"] = .number(formatFixed(threshold, decimals: 1))
            self["far_child_runs"] = .number(String(roundTrips.filter { farRule.isFar($0) }.count))
        }
        self["loadavg_start"] = .string(loadBefore)
        self["loadavg_end"] = .string(loadAfter)
        self["noisy_rows"] = .number(String(noisyRows))
        // Only when a suite named libraries (`blas = …`): a run on the linked OpenBLAS
        // alone keeps the env.json it always had (its library is openblas_config).
        let libraries = Set(pools.values.compactMap { pool -> String? in
            let row = pool.firstRow
            guard let name = row.blasLibrary, row.kernel != .swift, row.kernel != .naive else { return nil }
            return "\(name) \(row.blasVersion ?? "unknown") (\(row.blasCore))"
        }).sorted()
        if pools.keys.contains(where: { $0.library != nil }) {
            self["blas_libraries"] = .string(libraries.joined(separator: "; "))
        }
    }
}

/// The 1, 5 and 15 minute load averages from /proc/loadavg ("0.52 0.61 0.70"), or "" where unreadable.
func loadAverage() -> String {
    guard let text = try? readTextFile("/proc/loadavg") else { return "" }
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}

/// `git rev-parse HEAD` run in the suite file's directory (so the commit is the
/// checkout the suite came from), or "unknown" without git or a repository.
func gitCommit(near path: String) -> String {
    guard let result = try? runChild("git", ["-C", parentDirectory(of: path), "rev-parse", "HEAD"], timeoutSeconds: 10),
          result.exit == .exited(0) else { return "unknown" }
    let commit = result.standardOutput.trimmed.replacing("\n", with: "")
    return commit.isEmpty ? "unknown" : commit
}

/// Asks the binary for `info --json` (with the sweep's global arguments, so
/// the BLAS core it reports is the one the children run).
func machineInfo(binary: String, globalArguments: [String] = []) throws(HarnessError) -> FlatJSONObject {
    let result = try runChild(binary, globalArguments + ["info", "--json"], timeoutSeconds: 60)
    guard result.exit == .exited(0) else {
        throw HarnessError("\(binary) info --json \(result.exit)\(result.lastErrorLine.map { ": \($0)" } ?? "")")
    }
    return try FlatJSONObject.parse(result.standardOutput, source: "\(binary) info --json")
}
