import Glibc

/// CPU seconds (user + system) of every child this process has waited for,
/// their own waited-for children included: the difference around one child's
/// run and reaping is that child's whole process tree.
/// The corresponding C function is `getrusage(RUSAGE_CHILDREN)`.
public func waitedChildrenCPUSeconds() -> Double {
    var usage = rusage()
    guard getrusage(RUSAGE_CHILDREN.rawValue, &usage) == 0 else { return 0 }
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// The names in `directory` (without "." and ".."), unsorted; empty when it
/// cannot be read. The corresponding C functions are `opendir`, `readdir`, `closedir`.
public func directoryEntries(_ directory: String) -> [String] {
    guard let handle = opendir(directory) else { return [] }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}
