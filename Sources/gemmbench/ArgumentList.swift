import Vocabulary

/// A command's arguments, consumed flag by flag. Parsed by hand: gemmbench has
/// no package dependencies. Every mistake becomes a `UsageError` naming the
/// argument, which `main` turns into one line on stderr and exit status 2.
struct ArgumentList {
    private(set) var remaining: [String]

    init(_ arguments: [String]) { remaining = arguments }

    /// Removes `--flag VALUE` or `--flag=VALUE` and returns VALUE (the last one if repeated).
    mutating func value(_ flag: String) throws(UsageError) -> String? {
        var found: String?
        var index = 0
        while index < remaining.count {
            let argument = remaining[index]
            if argument == flag {
                guard index + 1 < remaining.count, !remaining[index + 1].hasPrefix("--") else {
                    throw UsageError("\(flag) needs a value")
                }
                found = remaining[index + 1]
                remaining.removeSubrange(index...index + 1)
            } else if argument.hasPrefix(flag + "=") {
                found = String(argument.dropFirst(flag.count + 1))
                remaining.remove(at: index)
            } else {
                index += 1
            }
        }
        if let found, found.isEmpty { throw UsageError("\(flag) needs a value") }
        return found
    }

    /// An integer flag ≥ `minimum`.
    mutating func integer(_ flag: String, minimum: Int) throws(UsageError) -> Int? {
        guard let text = try value(flag) else { return nil }
        guard let number = Int(text) else { throw UsageError("\(flag) \(text) is not a whole number") }
        guard number >= minimum else { throw UsageError("\(flag) \(text) must be at least \(minimum)") }
        return number
    }

    /// An integer flag that may also be `auto`: `.some(nil)` for auto.
    mutating func integerOrAuto(_ flag: String, minimum: Int) throws(UsageError) -> Int?? {
        guard let text = try value(flag) else { return nil }
        if text == "auto" { return .some(nil) }
        guard let number = Int(text) else { throw UsageError("\(flag) \(text) is not a whole number or auto") }
        guard number >= minimum else { throw UsageError("\(flag) \(text) must be at least \(minimum)") }
        return .some(number)
    }

    /// A non-negative, finite decimal flag.
    mutating func decimal(_ flag: String) throws(UsageError) -> Double? {
        guard let text = try value(flag) else { return nil }
        guard let number = Double(text), number.isFinite, number >= 0 else {
            throw UsageError("\(flag) \(text) is not a non-negative number")
        }
        return number
    }

    /// A flag with a fixed set of values, e.g. `--kernel blas|swift|naive`.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ flag: String, of: T.Type) throws(UsageError) -> T?
    where T.RawValue == String {
        guard let text = try value(flag) else { return nil }
        guard let choice = T(rawValue: text) else {
            throw UsageError("\(flag) \(text) is not one of \(choiceList(T.allCases))")
        }
        return choice
    }

    /// Removes a boolean flag; true if it was there.
    mutating func flag(_ flag: String) -> Bool {
        let before = remaining.count
        remaining.removeAll { $0 == flag }
        return remaining.count != before
    }

    /// Removes and returns arguments that are not flags (positional), up to the next flag.
    mutating func positionals(after flag: String) -> [String] {
        guard let index = remaining.firstIndex(of: flag) else { return [] }
        var end = index + 1
        while end < remaining.count, !remaining[end].hasPrefix("--") { end += 1 }
        let values = Array(remaining[(index + 1)..<end])
        remaining.removeSubrange(index..<end)
        return values
    }

    /// Fails on the first option not in `known` (compared without any "=value"),
    /// before other checks can mask it with a less precise message.
    func rejectUnknownOptions(known: Set<String>, command: String) throws(UsageError) {
        for argument in remaining where argument.hasPrefix("-") && Double(argument) == nil {
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if !known.contains(name) { throw UsageError("unknown option \(name) for '\(command)'") }
        }
    }

    /// Fails on anything not consumed: an unknown flag or a stray word.
    func finish(command: String) throws(UsageError) {
        guard let first = remaining.first else { return }
        if first.hasPrefix("-") { throw UsageError("unknown option \(first) for '\(command)'") }
        throw UsageError("unexpected argument '\(first)' for '\(command)'")
    }
}

/// A mistake in how gemmbench was called: exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A product that failed verification: exit status 1 (after its row is printed).
struct VerificationFailed: Error, CustomStringConvertible {
    let description: String
}
