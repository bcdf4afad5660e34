import CSupport
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

/// This process's address-space limit in bytes (`ulimit -v`, RLIMIT_AS, soft),
/// or nil when unlimited. Children inherit it: every worker lives under it too.
/// The corresponding C function is `getrlimit(RLIMIT_AS)`.
public func addressSpaceLimitBytes() -> Int? {
    softLimit(__rlimit_resource_t(RLIMIT_AS.rawValue))
}

/// The most processes and threads this user may have (`ulimit -u`, RLIMIT_NPROC,
/// soft), or nil when unlimited. The corresponding C function is `getrlimit(RLIMIT_NPROC)`.
public func processLimit() -> Int? {
    // RLIMIT_NPROC is a macro for this enum value, which Swift cannot import.
    softLimit(__rlimit_resource_t(__RLIMIT_NPROC.rawValue))
}

private func softLimit(_ resource: __rlimit_resource_t) -> Int? {
    var limit = rlimit()
    // RLIM_INFINITY is all ones (Swift imports the macro as -1, which rlim_t cannot hold).
    guard getrlimit(resource, &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
    return limit.rlim_cur > UInt(Int.max) ? nil : Int(limit.rlim_cur)
}

extension Errno {
    /// EAGAIN from fork, clone or posix_spawn: the user's process limit.
    public var isProcessLimit: Bool { code == EAGAIN }
}

/// Nil when `count` more threads could run at once just now; otherwise why not
/// (EAGAIN: the process limit or the address space). The threads are joined
/// before it returns. The corresponding C function is `pthread_create`.
public func threadStartProblem(count: Int) -> Errno? {
    let code = gb_probe_thread_starts(Int32(clamping: count))
    return code == 0 ? nil : Errno("pthread_create", code: code)
}
