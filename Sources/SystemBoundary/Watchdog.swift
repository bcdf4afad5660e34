import Glibc

/// A thread that watches this process from the side: it reports when the
/// watched code has made no progress for longer than its limit, and when the
/// process that started this one has died.
///
/// Why a thread: the code it watches may sit in a call that never returns — an
/// MPI collective or a ScaLAPACK routine waiting for a peer that was stopped —
/// and a check inside that code would never run. The watched code only calls
/// `beat`, which is one store and one atomic add on words this thread reads:
/// no system call, no lock, nothing a timed loop could notice. The thread
/// wakes every `tick` seconds, so a stall is reported between `limit` and
/// `limit + tick` after the last beat (plus scheduling delay on a busy machine).
///
/// The handlers run on the watchdog's thread, which has every signal blocked
/// (signals keep going to the threads that expect them). A handler usually
/// ends the process; if it returns, the watchdog disarms itself (`onStall`) or
/// stops looking at the parent (`onOrphaned`).
public final class Watchdog: @unchecked Sendable {
    /// What the watched code last said it was doing, the armed limit, and how
    /// long it went without a beat.
    public typealias StallHandler = @Sendable (_ step: UInt32, _ limitSeconds: Double, _ secondsWithoutProgress: Double) -> Void

    /// Counts beats (and arming); the thread compares it between ticks.
    private let beats: SharedWord
    /// The caller's code for the step it is in, stored with every beat.
    private let step: SharedWord
    /// The limit in milliseconds; 0: disarmed.
    private let limitMilliseconds: SharedWord
    /// Set by `stop`; the thread exits at its next tick.
    private let stopped: SharedWord
    private let words: UnsafeMutablePointer<UInt32>

    public init() {
        words = UnsafeMutablePointer<UInt32>.allocate(capacity: 4)
        words.initialize(repeating: 0, count: 4)
        beats = SharedWord(words)
        step = SharedWord(words + 1)
        limitMilliseconds = SharedWord(words + 2)
        stopped = SharedWord(words + 3)
    }

    deinit { words.deallocate() }

    /// The watched code made progress and is now in `step` (a code the caller
    /// defines; the stall handler gets it back).
    public func beat(_ step: UInt32) {
        self.step.store(step)
        beats.increment()
    }

    /// From now on, `seconds` without a beat is a stall (also a beat). At most
    /// about 49 days; a limit below 1 ms counts as 1 ms.
    public func arm(seconds: Double, step: UInt32) {
        let milliseconds = min(max(seconds * 1000, 1), Double(UInt32.max)).rounded(.up)
        limitMilliseconds.store(UInt32(milliseconds))
        beat(step)
    }

    /// No stall is reported until the next `arm`.
    public func disarm() { limitMilliseconds.store(0) }

    /// Starts the thread. `parent` is asked every tick; when it answers
    /// something other than what it answered at the start, the parent has died
    /// (this process was handed to another) and `onOrphaned` runs once, with
    /// the parent that died.
    /// The corresponding C functions are `pthread_create` and `pthread_sigmask`.
    public func start(tick: Double, parent: @escaping @Sendable () -> ProcessID = { ProcessID.parent },
                      onStall: @escaping StallHandler, onOrphaned: @escaping @Sendable (_ formerParent: ProcessID) -> Void) throws(Errno) {
        let loop = Loop(watchdog: self, tick: tick, parent: parent, onStall: onStall, onOrphaned: onOrphaned)
        let context = Unmanaged.passRetained(loop).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        // Signals stay where they are expected (the main thread's handlers):
        // the new thread inherits a mask with all of them blocked.
        var all = sigset_t(), previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { context in
            Unmanaged<Loop>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        if result != 0 {
            Unmanaged<Loop>.fromOpaque(context).release()
            throw Errno("pthread_create", code: result)
        }
    }

    /// Ends the thread at its next tick (tests; a process that ends needs no stop).
    public func stop() { stopped.store(1) }

    /// The thread's state, owned by the thread alone.
    private final class Loop {
        let watchdog: Watchdog
        let tickMicroseconds: UInt32
        let parent: @Sendable () -> ProcessID
        let onStall: StallHandler
        let onOrphaned: @Sendable (ProcessID) -> Void

        init(watchdog: Watchdog, tick: Double, parent: @escaping @Sendable () -> ProcessID,
             onStall: @escaping StallHandler, onOrphaned: @escaping @Sendable (ProcessID) -> Void) {
            self.watchdog = watchdog
            tickMicroseconds = UInt32(min(max(tick, 0.001), 1) * 1e6)
            self.parent = parent
            self.onStall = onStall
            self.onOrphaned = onOrphaned
        }

        func run() {
            let originalParent = parent()
            var watchingParent = true
            var lastBeats = watchdog.beats.load()
            var lastChange = monotonicSeconds()
            while watchdog.stopped.load() == 0 {
                sleepMicroseconds(tickMicroseconds)
                if watchingParent && parent() != originalParent {
                    watchingParent = false
                    onOrphaned(originalParent)
                }
                let now = monotonicSeconds()
                let beats = watchdog.beats.load(), limit = watchdog.limitMilliseconds.load()
                if beats != lastBeats || limit == 0 {
                    lastBeats = beats
                    lastChange = now
                } else if now - lastChange >= Double(limit) / 1000 {
                    let step = watchdog.step.load()
                    // Disarm only if nobody re-armed meanwhile.
                    if watchdog.beats.load() == beats { watchdog.disarm() }
                    onStall(step, Double(limit) / 1000, now - lastChange)
                    lastChange = now
                }
            }
        }
    }
}
