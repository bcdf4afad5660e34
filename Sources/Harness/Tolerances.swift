import ResultRows

/// tolerances.txt, stored beside a baseline's raw.csv:
///
///     default = 0.15                       # relative tolerance for every figure
///     gemm/n256/* = 0.40                   # a pattern over configuration keys
///     chain/*/parallel/w2/t1/shm = 0.25
///
/// A figure (a configuration's speedup) holds when
/// current ≥ baseline × (1 − tolerance). A key is matched against every pattern
/// (`*` matches any run of characters, '/' included); the LAST matching line
/// wins, `default` applies when none matches, and with neither the figure has
/// no tolerance — an error, never a pass. Tolerances lie in [0, 1).
struct Tolerances {
    let path: String
    let defaultTolerance: Double?
    let patterns: [(pattern: String, tolerance: Double)]

    static func load(path: String) throws(HarnessError) -> Tolerances {
        let text = try readTextFile(path)
        do { return try parse(text: text, path: path) } catch { throw HarnessError(error.description) }
    }

    /// Each line is checked as it is read: the first mistake ends the parse,
    /// however long the file (`KeyValueFile`'s `check`).
    static func parse(text: String, path: String) throws(FileLineError) -> Tolerances {
        var defaultTolerance: Double? = nil
        var patterns: [(String, Double)] = []
        _ = try KeyValueFile(text: text, path: path) { entry throws(FileLineError) in
            let assignment: KeyValueFile.Assignment
            switch entry {
            case .section(let section):
                throw FileLineError(file: path, line: section.line, message: "tolerance files have no sections")
            case .assignment(let found):
                assignment = found
            }
            guard assignment.items.count == 1, let value = Double(assignment.items[0]), value >= 0, value < 1 else {
                throw FileLineError(file: path, line: assignment.line,
                                    message: "'\(assignment.key)': tolerance must be one number in [0, 1)")
            }
            if assignment.key == "default" {
                defaultTolerance = value
            } else if assignment.key.contains("/") || assignment.key.contains("*") {
                patterns.append((assignment.key, value))
            } else {
                throw FileLineError(file: path, line: assignment.line,
                                    message: "unknown key \(quotedInput(assignment.key)) (expected 'default' or a configuration pattern such as gemm/n2048/blas/w2/t1/shm)")
            }
        }
        return Tolerances(path: path, defaultTolerance: defaultTolerance, patterns: patterns)
    }

    /// The tolerance for configuration `key`, or nil when nothing covers it.
    func tolerance(for key: String) -> Double? {
        patterns.last { globMatches($0.pattern, key) }?.tolerance ?? defaultTolerance
    }
}

/// True when `text` matches `pattern`, where `*` stands for any run of characters.
func globMatches(_ pattern: String, _ text: String) -> Bool {
    let p = Array(pattern), t = Array(text)
    // matched[j]: pattern prefix so far matches t[..<j].
    var matched = [Bool](repeating: false, count: t.count + 1)
    matched[0] = true
    for symbol in p {
        var next = [Bool](repeating: false, count: t.count + 1)
        if symbol == "*" {
            var any = false
            for j in 0...t.count {
                any = any || matched[j]
                next[j] = any
            }
        } else {
            for j in 0..<t.count where matched[j] && t[j] == symbol { next[j + 1] = true }
        }
        matched = next
    }
    return matched[t.count]
}
