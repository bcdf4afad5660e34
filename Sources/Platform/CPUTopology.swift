/// Where the logical CPUs sit, read from sysfs: which socket (package) and
/// physical core each belongs to, and which NUMA node. Placement decisions
/// (pinning workers, where memory lands) and env.json use it.
///
/// Sources: /sys/devices/system/cpu/online, …/cpuN/topology/physical_package_id
/// and core_id, /sys/devices/system/node/online and …/nodeN/cpulist.
public struct CPUTopology: Sendable, Equatable {
    public struct LogicalCPU: Sendable, Equatable {
        public let id: Int
        public let socket: Int
        /// `core_id` is unique only within a socket.
        public let core: Int
        public let node: Int
    }

    public let cpus: [LogicalCPU]

    public var sockets: Int { Set(cpus.map(\.socket)).count }
    public var physicalCores: Int { Set(cpus.map { [$0.socket, $0.core] }).count }
    public var numaNodes: Int { Set(cpus.map(\.node)).count }

    /// A one-line summary: "1 socket, 2 cores, 2 logical CPUs, 1 NUMA node".
    public var summary: String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        return [plural(sockets, "socket"), plural(physicalCores, "core"), plural(cpus.count, "logical CPU"),
                plural(numaNodes, "NUMA node")].joined(separator: ", ")
    }

    /// This machine's topology, or nil where sysfs does not describe it.
    public static func current(sysfs root: String = "/sys/devices/system") -> CPUTopology? {
        guard let online = readTextFile(root + "/cpu/online").flatMap(parseCPUList), !online.isEmpty else { return nil }
        var nodeOf: [Int: Int] = [:]
        for node in readTextFile(root + "/node/online").flatMap(parseCPUList) ?? [] {
            for cpu in readTextFile("\(root)/node/node\(node)/cpulist").flatMap(parseCPUList) ?? [] { nodeOf[cpu] = node }
        }
        let cpus = online.map { id -> LogicalCPU in
            func field(_ name: String) -> Int? {
                readTextFile("\(root)/cpu/cpu\(id)/topology/\(name)").flatMap { Int($0.filter { !$0.isWhitespace }) }
            }
            // Without topology files every CPU counts as its own core on socket 0.
            return LogicalCPU(id: id, socket: field("physical_package_id") ?? 0, core: field("core_id") ?? id,
                              node: nodeOf[id] ?? 0)
        }
        return CPUTopology(cpus: cpus)
    }

    /// A kernel CPU list such as "0-3,8,10-11\n" → [0, 1, 2, 3, 8, 10, 11];
    /// nil when malformed (a reversed range, a non-number).
    public static func parseCPUList(_ text: String) -> [Int]? {
        var result: [Int] = []
        for part in text.split(separator: ",") {
            let item = part.filter { !$0.isWhitespace }
            if item.isEmpty { continue }
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            switch bounds.count {
            case 1:
                guard let value = bounds[0], value >= 0 else { return nil }
                result.append(value)
            case 2:
                guard let low = bounds[0], let high = bounds[1], low >= 0, low <= high, high - low < 1 << 20 else { return nil }
                result += Array(low...high)
            default:
                return nil
            }
        }
        return result
    }
}
