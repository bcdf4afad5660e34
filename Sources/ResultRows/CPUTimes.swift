import SystemBoundary

/// The machine-wide CPU time counters of /proc/stat's first line, in clock
/// ticks (USER_HZ) summed over all CPUs: what tells how much of the machine
/// other tenants took while a figure was measured.
///
/// Columns (proc(5)): user nice system idle iowait irq softirq steal guest
/// guest_nice; guest time is already counted in user, so `total` sums the
/// first eight.
public struct CPUTimes: Equatable, Sendable {
    public var total: UInt64
    public var idle: UInt64
    public var steal: UInt64

    /// Clock ticks per second of /proc/stat (USER_HZ, 100 on every Linux ABI we run on).
    public static let ticksPerSecond = 100.0

    /// The counters now, or nil where /proc/stat is unreadable (not Linux).
    public static func now() -> CPUTimes? {
        guard let bytes = try? readFile("/proc/stat") else { return nil }
        return parse(String(decoding: bytes, as: UTF8.self))
    }

    package static func parse(_ text: String) -> CPUTimes? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard fields.count >= 8 else { return nil }
        return CPUTimes(total: fields[0..<8].reduce(0, +), idle: fields[3] + fields[4], steal: fields[7])
    }

    /// Steal time since `earlier`, in percent of all CPU time that passed (nil when none passed).
    public func stealPercent(since earlier: CPUTimes) -> Double? {
        guard total > earlier.total else { return nil }
        return 100 * Double(steal &- earlier.steal) / Double(total - earlier.total)
    }

    /// CPU-seconds the whole machine was busy (not idle, not waiting for I/O) since `earlier`.
    public func busySeconds(since earlier: CPUTimes) -> Double {
        let busyNow = total &- idle, busyThen = earlier.total &- earlier.idle
        return busyNow >= busyThen ? Double(busyNow - busyThen) / Self.ticksPerSecond : 0
    }
}
