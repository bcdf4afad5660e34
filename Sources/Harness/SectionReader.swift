import ResultRows
import Vocabulary

/// Typed access to one section's assignments; each getter throws a
/// `FileLineError` naming the key's line (or the section header for a missing key).
struct SectionReader {
    let section: KeyValueFile.Section
    let path: String
    let allowed: [String]

    init(_ section: KeyValueFile.Section, path: String, allowed: [String]) {
        self.section = section
        self.path = path
        self.allowed = allowed
    }

    private var sectionTitle: String { section.name.isEmpty ? "the top of the file" : "[\(section.name)]" }

    func rejectUnknownKeys() throws(FileLineError) {
        for assignment in section.assignments where !allowed.contains(assignment.key) {
            var message = "unknown key \(quotedInput(assignment.key)) in \(sectionTitle) (expected one of: \(allowed.joined(separator: ", ")))"
            if !section.name.isEmpty && Suite.topLevelKeys.contains(assignment.key) {
                message += "; top-level keys go before the first section"
            }
            throw FileLineError(file: path, line: assignment.line, message: message)
        }
    }

    private func assignment(_ key: String) -> KeyValueFile.Assignment? {
        section.assignments.first { $0.key == key }
    }

    private func missing(_ key: String) -> FileLineError {
        FileLineError(file: path, line: section.name.isEmpty ? nil : section.line,
                      message: "\(sectionTitle) is missing required key '\(key)'")
    }

    private func single(_ key: String) throws(FileLineError) -> (String, Int)? {
        guard let found = assignment(key) else { return nil }
        guard found.items.count == 1 else {
            throw FileLineError(file: path, line: found.line, message: "'\(key)' takes one value, found \(found.items.count)")
        }
        return (found.items[0], found.line)
    }

    func ints(_ key: String, minimum: Int, default fallback: [Int]? = nil) throws(FileLineError) -> [Int] {
        guard let found = assignment(key) else {
            if let fallback { return fallback }
            throw missing(key)
        }
        var values: [Int] = []
        var seen = Set<Int>()
        for item in found.items {
            guard let value = Int(item), value >= minimum else {
                throw FileLineError(file: path, line: found.line,
                                    message: "'\(key)': \(quotedInput(item)) is not an integer ≥ \(minimum)")
            }
            if seen.insert(value).inserted { values.append(value) }
        }
        return values
    }

    /// Integers ≥ `minimum`, and whether the word `auto` is among them (gemm workers).
    func intsOrAuto(_ key: String, minimum: Int) throws(FileLineError) -> (values: [Int], auto: Bool) {
        guard let found = assignment(key) else { throw missing(key) }
        var values: [Int] = []
        var seen = Set<Int>()
        var auto = false
        for item in found.items {
            if item == "auto" { auto = true; continue }
            guard let value = Int(item), value >= minimum else {
                throw FileLineError(file: path, line: found.line,
                                    message: "'\(key)': \(quotedInput(item)) is not an integer ≥ \(minimum) or auto")
            }
            if seen.insert(value).inserted { values.append(value) }
        }
        return (values, auto)
    }

    func positiveInt(_ key: String, maximum: Int = Int.max) throws(FileLineError) -> Int {
        guard let value = try positiveIntIfPresent(key) else { throw missing(key) }
        guard value > maximum else { return value }
        throw FileLineError(file: path, line: assignment(key)?.line, message: "'\(key)': \(value) is more than \(maximum)")
    }

    func positiveIntIfPresent(_ key: String) throws(FileLineError) -> Int? {
        try intIfPresent(key, minimum: 1)
    }

    func nonNegativeIntIfPresent(_ key: String) throws(FileLineError) -> Int? {
        try intIfPresent(key, minimum: 0)
    }

    private func intIfPresent(_ key: String, minimum: Int) throws(FileLineError) -> Int? {
        guard let (item, line) = try single(key) else { return nil }
        guard let value = Int(item), value >= minimum else {
            throw FileLineError(file: path, line: line, message: "'\(key)': \(quotedInput(item)) is not an integer ≥ \(minimum)")
        }
        return value
    }

    func real(_ key: String, minimum: Double, maximum: Double = .greatestFiniteMagnitude,
              required: Bool) throws(FileLineError) -> Double? {
        guard let (item, line) = try single(key) else {
            if required { throw missing(key) }
            return nil
        }
        guard let value = Double(item), value.isFinite, value >= minimum else {
            throw FileLineError(file: path, line: line, message: "'\(key)': \(quotedInput(item)) is not a number ≥ \(minimum)")
        }
        guard value <= maximum else {
            throw FileLineError(file: path, line: line, message: "'\(key)': '\(item)' is more than \(maximum)")
        }
        return value
    }

    /// The names of a Vocabulary enum (its raw values), e.g. `kernels = blas, swift`;
    /// with `allowed`, only those cases (a known name outside them is refused as
    /// not available in this section, e.g. `planners = parallel` in `[mpi-chain]`).
    func choices<Choice: RawRepresentable & CaseIterable & Equatable>(
        _ key: String, of type: Choice.Type, among allowed: [Choice]? = nil, default fallback: [Choice]? = nil
    ) throws(FileLineError) -> [Choice] where Choice.RawValue == String {
        guard let found = assignment(key) else {
            if let fallback { return fallback }
            throw missing(key)
        }
        let allowed = allowed ?? Array(Choice.allCases)
        let options = allowed.map(\.rawValue).joined(separator: ", ")
        var values: [Choice] = []
        for item in found.items {
            guard let value = Choice(rawValue: item) else {
                throw FileLineError(file: path, line: found.line,
                                    message: "'\(key)': unknown value \(quotedInput(item)) (expected one of: \(options))")
            }
            guard allowed.contains(value) else {
                throw FileLineError(file: path, line: found.line,
                                    message: "'\(key)': \(quotedInput(item)) is not available in \(sectionTitle) (expected one of: \(options))")
            }
            if !values.contains(value) { values.append(value) }
        }
        return values
    }

    /// Chains: preset names (`names`), or dims `d0xd1x…xdk` (at least three whole
    /// numbers ≥ 1, `BenchConfiguration.Problem.chainDims(spelled:)`), run with `--dims`.
    func chains(_ key: String) throws(FileLineError) -> [String] {
        let values = try names(key)
        let dimsLine = section.assignments.first { $0.key == key }?.line
        for value in values where BenchConfiguration.Problem.looksLikeChainDims(value)
            && BenchConfiguration.Problem.chainDims(spelled: value) == nil {
            throw FileLineError(file: path, line: dimsLine,
                                message: "'\(key)': \(quotedInput(value)) is not dims d0xd1x…xdk "
                                    + "(at least \(BenchConfiguration.Problem.minimumChainDims) whole numbers ≥ 1)")
        }
        return values
    }

    /// Names such as chain presets: letters, digits, '-' and '_' (checked by the binary, not here).
    /// `blas = openblas, blis, /opt/lib/libfoo.so`: known library names
    /// (`BLASLibraryName`) or absolute paths; `openblas`, the linked one, becomes nil.
    /// Absent: the linked OpenBLAS alone. Whether each loads is the child's to say.
    func libraries(_ key: String) throws(FileLineError) -> [String?] {
        guard let found = assignment(key) else { return [nil] }
        var values: [String?] = []
        for item in found.items {
            guard let name = BLASLibraryName(rawValue: item) else {
                guard item.hasPrefix("/"), !item.contains(where: { $0 == " " || $0 == "\t" }) else {
                    throw FileLineError(file: path, line: found.line,
                                        message: "'\(key)': \(quotedInput(item)) is not \(BLASLibraryName.names) or an absolute path")
                }
                if !values.contains(item) { values.append(item) }
                continue
            }
            let value: String? = name == .linkedDefault ? nil : name.rawValue
            if !values.contains(value) { values.append(value) }
        }
        return values
    }

    func names(_ key: String) throws(FileLineError) -> [String] {
        guard let found = assignment(key) else { throw missing(key) }
        var values: [String] = []
        var seen = Set<String>()
        for item in found.items {
            guard item.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw FileLineError(file: path, line: found.line, message: "'\(key)': \(quotedInput(item)) is not a valid name")
            }
            if seen.insert(item).inserted { values.append(item) }
        }
        return values
    }
}
