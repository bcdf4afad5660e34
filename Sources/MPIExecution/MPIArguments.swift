/// A command's arguments, consumed flag by flag, for gemmbench-mpi.
///
/// The same rules as gemmbench's own parser (`--flag VALUE` or `--flag=VALUE`,
/// the last repeat wins, every mistake one `MPIUsageError` naming the argument),
/// which lives in that executable and cannot be imported from here.
struct MPIArguments {
    private(set) var remaining: [String]

    init(_ arguments: [String]) { remaining = arguments }

    mutating func value(_ flag: String) throws(MPIUsageError) -> String? {
        var found: String?
        var index = 0
        while index < remaining.count {
            let argument = remaining[index]
            if argument == flag {
                guard index + 1 < remaining.count, !remaining[index + 1].hasPrefix("--") else {
                    throw MPIUsageError("\(flag) needs a value")
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
        if let found, found.isEmpty { throw MPIUsageError("\(flag) needs a value") }
        return found
    }

    mutating func integer(_ flag: String, minimum: Int) throws(MPIUsageError) -> Int? {
        guard let text = try value(flag) else { return nil }
        guard let number = Int(text) else { throw MPIUsageError("\(flag) \(text) is not a whole number") }
        guard number >= minimum else { throw MPIUsageError("\(flag) \(text) must be at least \(minimum)") }
        return number
    }

    /// A finite decimal: ≥ 0, or > 0 when `allowZero` is false.
    mutating func decimal(_ flag: String, allowZero: Bool = true) throws(MPIUsageError) -> Double? {
        guard let text = try value(flag) else { return nil }
        guard let number = Double(text), number.isFinite, allowZero ? number >= 0 : number > 0 else {
            throw MPIUsageError("\(flag) \(text) is not a \(allowZero ? "non-negative" : "positive") number")
        }
        return number
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ flag: String, of: T.Type) throws(MPIUsageError) -> T?
    where T.RawValue == String {
        guard let text = try value(flag) else { return nil }
        guard let choice = T(rawValue: text) else {
            throw MPIUsageError("\(flag) \(text) is not one of \(T.allCases.map(\.rawValue).joined(separator: "|"))")
        }
        return choice
    }

    mutating func flag(_ flag: String) -> Bool {
        let before = remaining.count
        remaining.removeAll { $0 == flag }
        return remaining.count != before
    }

    /// Fails on the first option not in `known`, before other checks can mask it.
    func rejectUnknownOptions(known: Set<String>, command: String) throws(MPIUsageError) {
        for argument in remaining where argument.hasPrefix("-") && Double(argument) == nil {
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if !known.contains(name) { throw MPIUsageError("unknown option \(name) for '\(command)'") }
        }
    }

    /// Fails on anything not consumed.
    func finish(command: String) throws(MPIUsageError) {
        guard let first = remaining.first else { return }
        if first.hasPrefix("-") { throw MPIUsageError("unknown option \(first) for '\(command)'") }
        throw MPIUsageError("unexpected argument '\(first)' for '\(command)'")
    }
}

/// A mistake in how gemmbench-mpi was called: every rank exits 2, rank 0 says why.
public struct MPIUsageError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
