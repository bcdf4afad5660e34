import SystemBoundary

/// Facts about the machine a run happened on, for `gemmbench info` and env.json.
public struct MachineInfo: Sendable {
    public let cpuModel: String
    public let features: CPUFeatures
    public let cores: Int
    public let memoryTotalBytes: Int
    public let memoryAvailableBytes: Int

    public static func current() -> MachineInfo {
        let meminfo = readTextFile("/proc/meminfo") ?? ""
        return MachineInfo(
            cpuModel: cpuModelName(from: readTextFile("/proc/cpuinfo") ?? "") ?? "unknown",
            features: .current(),
            cores: onlineProcessorCount(),
            memoryTotalBytes: meminfoBytes("MemTotal", in: meminfo) ?? 0,
            memoryAvailableBytes: meminfoBytes("MemAvailable", in: meminfo) ?? 0)
    }

    /// Bytes the kernel says can be allocated now without swapping (MemAvailable).
    public static func availableMemoryBytes() -> Int {
        meminfoBytes("MemAvailable", in: readTextFile("/proc/meminfo") ?? "") ?? Int.max
    }

    static func cpuModelName(from cpuinfo: String) -> String? {
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: " ")
            }
        }
        return nil
    }

    /// A `/proc/meminfo` field ("MemAvailable:   123456 kB") in bytes.
    static func meminfoBytes(_ field: String, in meminfo: String) -> Int? {
        for line in meminfo.split(separator: "\n") where line.hasPrefix(field + ":") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let kib = Int(parts[1]) { return kib * 1024 }
        }
        return nil
    }

    /// The compiler that built this binary.
    public static var swiftVersion: String {
        #if compiler(>=6.4)
        return "6.4 or later"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #else
        return "6.1 or earlier"
        #endif
    }

    public static var buildConfiguration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }
}

extension Substring {
    func trimmingCharacters(in character: Character) -> String { String(self).trimmingCharacters(in: character) }
}

/// Whole small text file (a /proc file, a header), or nil when it cannot be read.
public func readTextFile(_ path: String) -> String? {
    guard let bytes = try? readFile(path) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
}
