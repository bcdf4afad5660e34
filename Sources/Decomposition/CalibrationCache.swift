import SystemBoundary
import Vocabulary

/// The calibration of `--workers auto`, kept in a small text file so it runs
/// once per machine, not once per product:
///
///     # gemmbench decomposition calibration
///     key = AMD EPYC|2 cores|Cooperlake|format 1
///     2048 2 1 - 0.1734
///     2048 4 4 2x2 0.0412
///
/// one line per (size n, workers, threads, split or "-", median seconds). A
/// file whose `key` differs — another CPU model, core count or BLAS core — is
/// stale and ignored (then overwritten); so is a malformed one.
public struct CalibrationCache: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// What identifies "the same machine": a calibration holds only for it.
    public static func key(cpuModel: String, cores: Int, blasCore: String) -> String {
        "\(cpuModel)|\(cores) cores|\(blasCore)|format 1"
    }

    /// `$GEMMBENCH_CACHE_DIR`, else `$XDG_CACHE_HOME/gemmbench`, else
    /// `$HOME/.cache/gemmbench`, with `decomposition.txt`; nil without any of them.
    public static func defaultPath(environment: ProcessEnvironment = ProcessEnvironment()) -> String? {
        if let directory = environment["GEMMBENCH_CACHE_DIR"], !directory.isEmpty {
            return directory + "/decomposition.txt"
        }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/gemmbench/decomposition.txt" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.cache/gemmbench/decomposition.txt" }
        return nil
    }

    /// The cached table for `key`, or nil when there is none, it is stale or malformed.
    public func load(key: String) -> CalibrationTable? {
        guard let bytes = try? readFile(path) else { return nil }
        return Self.parse(String(decoding: bytes, as: UTF8.self), key: key)
    }

    static func parse(_ text: String, key: String) -> CalibrationTable? {
        var table = CalibrationTable()
        var keyMatched = false
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.allSatisfy(\.isWhitespace) {
            if line.hasPrefix("key = ") {
                keyMatched = line.dropFirst("key = ".count) == Substring(key)
                continue
            }
            let fields = line.split(separator: " ")
            guard fields.count == 5, let n = Int(fields[0]), n > 0, let workers = Int(fields[1]), workers >= 0,
                  let threads = Int(fields[2]), threads >= 1, let seconds = Double(fields[4]), seconds.isFinite, seconds > 0
            else { return nil }
            var split: GridShape? = nil
            if fields[3] != "-" {
                guard let grid = GridShape(parsing: String(fields[3])) else { return nil }
                split = grid
            }
            table.seconds[n, default: [:]][Decomposition(workers: workers, threads: threads, split: split)] = seconds
        }
        return keyMatched && !table.seconds.isEmpty ? table : nil
    }

    static func render(_ table: CalibrationTable, key: String) -> String {
        var text = "# gemmbench decomposition calibration (gemmbench gemm --workers auto)\nkey = \(key)\n"
        for n in table.seconds.keys.sorted() {
            let row = table.seconds[n]!
            for (candidate, seconds) in row.sorted(by: { ($0.key.workers, $0.key.threads) < ($1.key.workers, $1.key.threads) }) {
                let split = candidate.split?.description ?? "-"
                text += "\(n) \(candidate.workers) \(candidate.threads) \(split) \(seconds)\n"
            }
        }
        return text
    }

    /// Why `save` would fail here (the directory cannot be created, or no file
    /// can be created in it), or nil when it can write: tried by creating the
    /// directory and a temporary file, which is removed again.
    public func unwritableReason() -> String? {
        if let (directory, _) = AtomicFile.splitPath(path) { makeDirectories(directory) }
        do throws(AtomicFileError) {
            try AtomicFile.create(for: path, mode: 0o644).abandon()
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Writes `table` atomically, creating the directory; a cache that cannot be
    /// written only costs a calibration next time, so the error is returned, not thrown.
    @discardableResult
    public func save(_ table: CalibrationTable, key: String) -> String? {
        if let (directory, _) = AtomicFile.splitPath(path) { makeDirectories(directory) }
        do throws(AtomicFileError) {
            let file = try AtomicFile.create(for: path, mode: 0o644)
            let bytes = Array(Self.render(table, key: key).utf8)
            let written = bytes.withUnsafeBytes { raw in
                Result { () throws(AtomicFileError) in try file.write(raw.baseAddress!, count: raw.count) }
            }
            if case .failure(let error) = written {
                file.abandon()
                throw error
            }
            try file.commit()
            return nil
        } catch {
            return "\(error)"
        }
    }

    private func makeDirectories(_ directory: String) {
        var prefix = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            prefix += "/" + component
            _ = makeDirectory(prefix)
        }
    }
}
