import Glibc
import CSupport

/// Restricts process `pid` (nil: this process) to `cpus`.
/// The corresponding C function is `sched_setaffinity`.
public func setAffinity(_ cpus: [Int], of pid: ProcessID? = nil) throws(Errno) {
    let numbers = cpus.map { Int32(clamping: $0) }
    let status = numbers.withUnsafeBufferPointer { gb_set_affinity(pid?.rawValue ?? 0, $0.baseAddress, Int32($0.count)) }
    guard status == 0 else { throw Errno("sched_setaffinity(\(cpus))") }
}

/// The CPUs process `pid` (nil: this process) may run on, in increasing order.
/// The corresponding C function is `sched_getaffinity`.
public func affinity(of pid: ProcessID? = nil) throws(Errno) -> [Int] {
    /// CPU_SETSIZE in glibc: the most CPUs one cpu_set_t can name.
    let capacity = 1024
    var cpus = [Int32](repeating: 0, count: capacity)
    let count = cpus.withUnsafeMutableBufferPointer { gb_get_affinity(pid?.rawValue ?? 0, $0.baseAddress, Int32(capacity)) }
    guard count >= 0 else { throw Errno("sched_getaffinity") }
    return cpus.prefix(Int(count)).map(Int.init)
}
