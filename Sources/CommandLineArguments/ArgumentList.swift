import Vocabulary

/// A command's arguments, consumed flag by flag, for both executables
/// (`gemmbench` and `gemmbench-mpi`). Parsed by hand: gemmbench has no package
/// dependencies. Rules: `--flag VALUE` or `--flag=VALUE`; a flag given twice
/// is a mistake (no flag of either executable is repeatable: a list such as
/// `--inputs a.npy b.npy` follows one flag), as `--size 64 --size 32` would
/// otherwise run one of them silently; every mistake becomes a `UsageError`
/// naming the argument, which the executables turn into one line on stderr
/// and exit status 2.
public struct ArgumentList {
    public private(set) var remaining: [String]

    public init(_ arguments: [String]) { remaining = arguments }

    /// Removes `--flag VALUE` or `--flag=VALUE` and returns VALUE; a second
    /// `--flag` is a `UsageError`.
    public mutating func value(_ flag: String) throws(UsageError) -> String? {
        var found: String?
        var index = 0
        while index < remaining.count {
            let argument = remaining[index]
            if argument == flag {
                guard found == nil else { throw Self.repeated(flag) }
                guard index + 1 < remaining.count, !remaining[index + 1].hasPrefix("--") else {
                    throw UsageError("\(flag) needs a value")
                }
                found = remaining[index + 1]
                remaining.removeSubrange(index...index + 1)
            } else if argument.hasPrefix(flag + "=") {
                guard found == nil else { throw Self.repeated(flag) }
                found = String(argument.dropFirst(flag.count + 1))
                remaining.remove(at: index)
            } else {
                index += 1
            }
        }
        if let found, found.isEmpty { throw UsageError("\(flag) needs a value") }
        return found
    }

    private static func repeated(_ flag: String) -> UsageError {
        UsageError("\(flag) is given more than once")
    }

    /// An integer flag ≥ `minimum`.
    public mutating func integer(_ flag: String, minimum: Int) throws(UsageError) -> Int? {
        guard let text = try value(flag) else { return nil }
        guard let number = Int(text) else { throw notWholeNumber(flag, text) }
        guard number >= minimum else { throw UsageError("\(flag) \(text) must be at least \(minimum)") }
        return number
    }

    /// An integer flag that may also be `auto`: `.some(nil)` for auto.
    public mutating func integerOrAuto(_ flag: String, minimum: Int) throws(UsageError) -> Int?? {
        guard let text = try value(flag) else { return nil }
        if text == "auto" { return .some(nil) }
        guard let number = Int(text) else { throw notWholeNumber(flag, text, orAuto: true) }
        guard number >= minimum else { throw UsageError("\(flag) \(text) must be at least \(minimum)") }
        return .some(number)
    }

    /// "--size 99999999999999999999 is too large" for digits past Int's range,
    /// otherwise "--size abc is not a whole number".
    private func notWholeNumber(_ flag: String, _ text: String, orAuto: Bool = false) -> UsageError {
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : text[...]
        if !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return UsageError("\(flag) \(text) is too \(text.hasPrefix("-") ? "small" : "large")")
        }
        return UsageError("\(flag) \(text) is not a whole number\(orAuto ? " or auto" : "")")
    }

    /// A finite decimal flag: ≥ 0, or > 0 when `allowZero` is false.
    public mutating func decimal(_ flag: String, allowZero: Bool = true) throws(UsageError) -> Double? {
        guard let text = try value(flag) else { return nil }
        guard let number = Double(text), number.isFinite, allowZero ? number >= 0 : number > 0 else {
            throw UsageError("\(flag) \(text) is not a \(allowZero ? "non-negative" : "positive") number")
        }
        return number
    }

    /// A flag with a fixed set of values, e.g. `--kernel blas|swift|naive`.
    public mutating func choice<T: RawRepresentable & CaseIterable>(_ flag: String, of: T.Type) throws(UsageError) -> T?
    where T.RawValue == String {
        guard let text = try value(flag) else { return nil }
        guard let choice = T(rawValue: text) else {
            throw UsageError("\(flag) \(text) is not one of \(choiceList(T.allCases))")
        }
        return choice
    }

    /// Removes a boolean flag; true if it was there, a `UsageError` if it was there twice.
    public mutating func flag(_ flag: String) throws(UsageError) -> Bool {
        let before = remaining.count
        remaining.removeAll { $0 == flag }
        if before - remaining.count > 1 { throw Self.repeated(flag) }
        return remaining.count != before
    }

    /// Removes and returns arguments that are not flags (positional), up to the
    /// next flag; a second `flag` is a `UsageError`.
    public mutating func positionals(after flag: String) throws(UsageError) -> [String] {
        guard let index = remaining.firstIndex(of: flag) else { return [] }
        if remaining[(index + 1)...].contains(flag) { throw Self.repeated(flag) }
        var end = index + 1
        while end < remaining.count, !remaining[end].hasPrefix("--") { end += 1 }
        let values = Array(remaining[(index + 1)..<end])
        remaining.removeSubrange(index..<end)
        return values
    }

    /// Fails on the first option not in `known` (compared without any "=value"),
    /// before other checks can mask it with a less precise message.
    public func rejectUnknownOptions(known: Set<String>, command: String) throws(UsageError) {
        for argument in remaining where argument.hasPrefix("-") && Double(argument) == nil {
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if !known.contains(name) { throw UsageError("unknown option \(name) for '\(command)'") }
        }
    }

    /// Fails on anything not consumed: an unknown flag or a stray word.
    public func finish(command: String) throws(UsageError) {
        guard let first = remaining.first else { return }
        if first.hasPrefix("-") { throw UsageError("unknown option \(first) for '\(command)'") }
        throw UsageError("unexpected argument '\(first)' for '\(command)'")
    }
}

/// A mistake in how gemmbench or gemmbench-mpi was called: exit status 2.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
