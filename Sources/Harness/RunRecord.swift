/// env.json: what `gemmbench info --json` reports (CPU, cores, memory, OpenBLAS
/// config, BLAS core, Swift version, build configuration, cpu_class) followed
/// by what the sweep knows: git commit, date, run id, hostname, binary, the
/// suite's name, path and full text, and its repeat rule.
func environmentRecord(info: FlatJSONObject, suite: Suite, runID: String, date: String,
                       binary: String) -> FlatJSONObject {
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
    return record
}

/// `git rev-parse HEAD` run in the suite file's directory (so the commit is the
/// checkout the suite came from), or "unknown" without git or a repository.
func gitCommit(near path: String) -> String {
    guard let result = try? runChild("git", ["-C", parentDirectory(of: path), "rev-parse", "HEAD"], timeoutSeconds: 10),
          result.exit == .exited(0) else { return "unknown" }
    let commit = result.standardOutput.trimmed.replacing("\n", with: "")
    return commit.isEmpty ? "unknown" : commit
}

/// Asks the binary for `info --json`.
func machineInfo(binary: String) throws(HarnessError) -> FlatJSONObject {
    let result = try runChild(binary, ["info", "--json"], timeoutSeconds: 60)
    guard result.exit == .exited(0) else {
        throw HarnessError("\(binary) info --json \(result.exit)\(result.lastErrorLine.map { ": \($0)" } ?? "")")
    }
    return try FlatJSONObject.parse(result.standardOutput, source: "\(binary) info --json")
}
