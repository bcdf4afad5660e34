import SystemBoundary

/// The shared memory that holds the pool's `Doorbell` and one `Mailbox` per
/// worker: its own memfd beside the arena, so arena offsets and sizes stay
/// exactly the operands' (and a runner never has to reserve room for it).
/// Workers inherit the descriptor, like the arena's.
final class MailboxArea {
    private let mapping: SharedMapping
    var descriptor: FileDescriptor { mapping.descriptor }
    var base: UnsafeMutableRawPointer { mapping.base }
    var bytes: Int { mapping.bytes }

    /// Bytes for `workers` mailboxes after the doorbell.
    static func bytes(workers: Int) -> Int { Doorbell.bytes + workers * Mailbox.bytes }

    /// Creates the area for `workers` workers (coordinator side), zeroed.
    init(workers: Int) throws(Errno) {
        mapping = try SharedMapping(creating: "gemmbench-mailboxes", bytes: Self.bytes(workers: max(workers, 1)))
    }

    /// Maps an area the coordinator created (worker side).
    init(attaching descriptor: FileDescriptor) throws(Errno) {
        mapping = try SharedMapping(attaching: descriptor)
    }

    var doorbell: Doorbell { Doorbell(base: base) }

    /// Worker `index`'s mailbox, or nil when the area has no room for it.
    func mailbox(_ index: Int) -> Mailbox? {
        guard index >= 0, Doorbell.bytes + (index + 1) * Mailbox.bytes <= bytes else { return nil }
        return Mailbox(base: base + Doorbell.bytes + index * Mailbox.bytes)
    }
}

/// How long each side spins before it sleeps in FUTEX_WAIT, and how often a
/// sleeper wakes to check that its peer is still there.
public enum DispatchSpin {
    /// A worker spins this long for its next task: covers the coordinator's
    /// bookkeeping between repetitions, so back-to-back tiny tasks never sleep.
    static let workerSeconds = 200e-6
    /// The coordinator spins this long for a reply: a tiny task's whole round
    /// trip, without taking a core from computing workers for long.
    static let coordinatorSeconds = 50e-6
    /// The coordinator looks at the reply pipes this often, asleep or not, so
    /// a worker that died (its pipe hung up) is noticed within 2 ms.
    static let hangUpCheckSeconds = 0.002
    /// Spin iterations between two `sched_yield`s: a spinner whose peer shares
    /// its CPU (a busy or oversubscribed machine) lets it run within a few
    /// microseconds, while one on a CPU of its own stays on `pause` and sees
    /// the peer's word within a fraction of a microsecond.
    static let pausesPerYield = 32
    /// A sleeping worker checks this often that the coordinator still holds its task pipe.
    static let workerCheckSeconds = 0.5
}

/// One spin-wait: `pause`, and every `DispatchSpin.pausesPerYield` times a
/// `sched_yield` instead.
struct SpinWait {
    private var pauses = 0
    mutating func once() {
        pauses += 1
        if pauses % DispatchSpin.pausesPerYield == 0 { yieldProcessor() } else { spinPause() }
    }
}
