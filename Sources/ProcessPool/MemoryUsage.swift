import SystemBoundary
import GemmCore
import Platform

/// Memory a group of processes really uses, counting shared pages once.
///
/// PSS (proportional set size) charges each resident page to the processes
/// mapping it in equal shares, so summing PSS over the coordinator and its
/// workers counts the shared arena exactly once — unlike RSS, which would
/// count it once per process.
public enum MemoryUsage {
    /// PSS of `pid` in bytes from /proc/<pid>/smaps_rollup; nil if unreadable.
    public static func proportionalSetSize(of pid: Int32) -> Int? {
        guard let text = readTextFile("/proc/\(pid)/smaps_rollup") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("Pss:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kib = Int(fields[1]) { return kib * 1024 }
        }
        return nil
    }

    /// Σ PSS over this process and `helpers` (its workers); nil if any is unreadable.
    public static func total(coordinatorAnd helpers: [ProcessID]) -> Int? {
        var total = 0
        for pid in [ProcessID.current.rawValue] + helpers.map(\.rawValue) {
            guard let pss = proportionalSetSize(of: pid) else { return nil }
            total += pss
        }
        return total
    }
}
