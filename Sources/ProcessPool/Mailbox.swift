import SystemBoundary

/// One worker's slot of shared memory: how a task reaches it and its reply
/// comes back without a pipe (the dispatch round trip of a tiny task).
///
/// Layout (bytes from the slot's start; each part on its own 64-byte cache line,
/// so a word one side writes never shares a line with the other side's):
///
///     0    task sequence (u32, futex word)   written by the coordinator
///     64   TaskRecord (128 bytes)             written by the coordinator
///     192  reply sequence (u32)               written by the worker
///     196  worker sleeping (u32, 0 or 1)      written by the worker
///     256  ReplyRecord (128 bytes)            written by the worker
///
/// Protocol: the coordinator writes a record, then stores sequence s + 1 in
/// the task sequence, then — only if the worker says it is sleeping — wakes
/// it. The worker spins on the task sequence for `DispatchSpin.workerSeconds`,
/// then sets "sleeping", looks once more, and sleeps in FUTEX_WAIT. Its reply
/// goes the other way: the record, then the reply sequence := the task's
/// sequence, then a ring of the pool's `Doorbell`. Every word access is
/// sequentially consistent, so a wake-up is never lost: either the sleeper's
/// last look sees the new sequence, or the writer sees "sleeping" and wakes it
/// (and FUTEX_WAIT itself refuses to sleep once the word has changed).
struct Mailbox {
    static let taskSequenceOffset = 0
    static let taskRecordOffset = 64
    static let replySequenceOffset = 192
    static let workerSleepingOffset = 196
    static let replyRecordOffset = 256
    /// 384: six cache lines.
    static let bytes = 384

    let base: UnsafeMutableRawPointer
    var taskSequence: SharedWord { SharedWord(base + Self.taskSequenceOffset) }
    var replySequence: SharedWord { SharedWord(base + Self.replySequenceOffset) }
    var workerSleeping: SharedWord { SharedWord(base + Self.workerSleepingOffset) }

    // MARK: coordinator side

    /// Publishes `record` as task number `sequence` and wakes the worker if it sleeps.
    func post(_ record: [UInt8], sequence: UInt32) {
        record.withUnsafeBytes { (base + Self.taskRecordOffset).copyMemory(from: $0.baseAddress!, byteCount: TaskRecord.size) }
        taskSequence.store(sequence)
        if workerSleeping.load() != 0 { taskSequence.wakeAll() }
    }

    /// True once the worker has answered task number `sequence`.
    func hasReply(to sequence: UInt32) -> Bool { replySequence.load() == sequence }

    /// The reply record's bytes (read only after `hasReply`).
    func replyBytes() -> [UInt8] {
        [UInt8](UnsafeRawBufferPointer(start: base + Self.replyRecordOffset, count: ReplyRecord.size))
    }

    // MARK: worker side

    /// The task record's bytes (read only after the sequence changed).
    func taskBytes() -> [UInt8] {
        [UInt8](UnsafeRawBufferPointer(start: base + Self.taskRecordOffset, count: TaskRecord.size))
    }

    /// Publishes `reply` to task number `sequence` and rings `doorbell`.
    func answer(_ reply: [UInt8], sequence: UInt32, doorbell: Doorbell) {
        reply.withUnsafeBytes { (base + Self.replyRecordOffset).copyMemory(from: $0.baseAddress!, byteCount: ReplyRecord.size) }
        replySequence.store(sequence)
        doorbell.ring()
    }

    /// Waits for a task sequence other than `last`: spins for `spinSeconds`,
    /// then sleeps, looking up every `checkSeconds` whether `stillWanted` holds.
    /// Returns the new sequence, or nil once `stillWanted` is false.
    func awaitTask(after last: UInt32, spinSeconds: Double, checkSeconds: Double,
                   stillWanted: () -> Bool) -> UInt32? {
        let spinEnd = monotonicSeconds() + spinSeconds
        var spin = SpinWait()
        repeat {
            let sequence = taskSequence.load()
            if sequence != last { return sequence }
            spin.once()
        } while monotonicSeconds() < spinEnd
        while true {
            workerSleeping.store(1)
            var sequence = taskSequence.load()
            if sequence == last {
                _ = taskSequence.wait(whileEquals: last, timeoutSeconds: checkSeconds)
                sequence = taskSequence.load()
            }
            workerSleeping.store(0)
            if sequence != last { return sequence }
            if !stillWanted() { return nil }
        }
    }
}

/// The coordinator's wake-up word, shared by every worker: each reply adds one
/// to it, and wakes the coordinator if it said it is sleeping (same protocol
/// as `Mailbox`, with the pool's many workers on one word, as a process cannot
/// sleep on several futexes at once).
///
/// Layout: ring count (u32) at 0; coordinator sleeping (u32) at 64.
struct Doorbell {
    static let ringOffset = 0
    static let sleepingOffset = 64
    /// 128: two cache lines.
    static let bytes = 128

    let base: UnsafeMutableRawPointer
    var rings: SharedWord { SharedWord(base + Self.ringOffset) }
    var coordinatorSleeping: SharedWord { SharedWord(base + Self.sleepingOffset) }

    func ring() {
        rings.increment()
        if coordinatorSleeping.load() != 0 { rings.wakeAll() }
    }
}
