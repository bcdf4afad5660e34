/// Every wait in the pool, named. None of them bounds a computation except
/// `ReplyTimeout` (per task, see there); these bound the bookkeeping around it.
public enum PoolTimeouts {
    /// Spawn to "ready": loading the binary and OpenBLAS and mapping the arena
    /// take well under a second here; 20 s still holds on a machine that is swapping.
    public static let readySeconds = 20.0
    /// A worker whose pipe hung up gets this long to finish dying, so the
    /// kernel can report how it really ended; then the coordinator kills it.
    public static let exitGraceSeconds = 1.0
    /// After a stop record, workers get this long to exit before being killed.
    public static let shutdownGraceSeconds = 2.0
    /// After a write to a worker failed, how long to wait for the rejection
    /// reply it may have sent before it stopped reading.
    public static let rejectionReplySeconds = 0.5
    /// Sleep between non-blocking waitpid checks while a worker is dying.
    public static let reapPollMicroseconds: UInt32 = 1_000
}
