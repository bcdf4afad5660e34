import Glibc
import CSupport

/// A 32-bit word in memory that several processes map (`MAP_SHARED`), read and
/// written atomically (sequentially consistent) and waited on with a futex.
/// The word must be 4-byte aligned and outlive every use of this handle.
public struct SharedWord {
    public let address: UnsafeMutablePointer<UInt32>
    public init(_ address: UnsafeMutableRawPointer) {
        self.address = address.assumingMemoryBound(to: UInt32.self)
    }

    @inlinable public func load() -> UInt32 { gb_atomic_load_u32(address) }
    @inlinable public func store(_ value: UInt32) { gb_atomic_store_u32(address, value) }
    /// Adds one (wrapping) and returns the new value.
    @discardableResult @inlinable public func increment() -> UInt32 { gb_atomic_add_u32(address, 1) }

    /// How a `wait` ended.
    public enum WaitOutcome: Equatable, Sendable {
        /// Woken by `wake`, or the word no longer held `expected` (or a signal
        /// or spurious wake-up): the caller looks at the word again either way.
        case woken
        case timedOut
    }

    /// Sleeps while the word holds `expected`, at most `timeoutSeconds`.
    /// The corresponding C call is `futex(FUTEX_WAIT)`.
    public func wait(whileEquals expected: UInt32, timeoutSeconds: Double) -> WaitOutcome {
        let nanoseconds = Int64(min(max(timeoutSeconds, 0) * 1e9, Double(Int64.max / 2)))
        if gb_futex_wait(address, expected, nanoseconds) == 0 { return .woken }
        return errno == ETIMEDOUT ? .timedOut : .woken
    }

    /// Wakes every process sleeping on the word. The corresponding C call is `futex(FUTEX_WAKE)`.
    public func wakeAll() { _ = gb_futex_wake(address, Int32.max) }
}

/// Tells the core this is a spin-wait (x86 `pause`).
@inlinable public func spinPause() { gb_cpu_relax() }

/// Lets another runnable process on this CPU go first. A spin-wait calls it so
/// that on a busy machine, where the peer it waits for may share its CPU, the
/// spin does not hold the peer off for a whole time slice.
/// The corresponding C function is `sched_yield`.
public func yieldProcessor() { _ = sched_yield() }
