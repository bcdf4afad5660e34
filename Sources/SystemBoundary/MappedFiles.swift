/// The paths of the files this process has mapped into memory, each once, in
/// the order the kernel lists them; a file removed since it was mapped is
/// left out (its path names nothing now, or something else). Empty when the
/// list cannot be read. The corresponding file is `/proc/self/maps`.
public func mappedFiles() -> [String] {
    guard let bytes = try? readFile("/proc/self/maps") else { return [] }
    return mappedFiles(inMaps: String(decoding: bytes, as: UTF8.self))
}

/// `mappedFiles` for a text in `/proc/PID/maps`'s format: per line the address
/// range, permissions, offset, device and inode, then — for a file — its
/// absolute path, which may hold spaces and ends in " (deleted)" once removed.
func mappedFiles(inMaps text: String) -> [String] {
    var seen = Set<String>(), paths: [String] = []
    for line in text.split(separator: "\n") {
        // Five fixed fields, then (padded with spaces) the path, if any.
        let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
        guard fields.count == 6 else { continue }
        let path = fields[5].drop { $0 == " " }
        guard path.hasPrefix("/"), !path.hasSuffix(" (deleted)") else { continue }
        if seen.insert(String(path)).inserted { paths.append(String(path)) }
    }
    return paths
}
