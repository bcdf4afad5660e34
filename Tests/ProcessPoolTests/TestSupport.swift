import Glibc
@testable import ProcessPool
import Vocabulary

/// True when no process with this pid exists any more (kill(pid, 0) fails with ESRCH).
func processIsGone(_ pid: pid_t) -> Bool {
    kill(pid, 0) == -1 && errno == ESRCH
}

/// Byte offsets of the TaskRecord fields (see its doc comment), for doctoring records.
enum TaskField {
    static let magic = 0, version = 4, kind = 6, taskID = 8, kernel = 16, transport = 20
    static let m = 24, n = 32, k = 40, alpha = 48, beta = 56
    static let aOffset = 64, aLD = 72, bOffset = 80, bLD = 88, cOffset = 96, cLD = 104
}

/// Overwrites `value` little-endian at `offset`.
func patch<T: FixedWidthInteger>(_ bytes: inout [UInt8], at offset: Int, _ value: T) {
    withUnsafeBytes(of: value.littleEndian) { raw in
        for (i, byte) in raw.enumerated() { bytes[offset + i] = byte }
    }
}

/// A valid 8×5 · 5×6 shm task in an arena of `TaskFixture.capacity` bytes:
/// A at 0 (ld 5), B at 320 (ld 6), C at 640 (ld 6), C ending at byte 1024.
enum TaskFixture {
    static let a = OperandLayout(offset: 0, rows: 8, cols: 5, leadingDimension: 5)
    static let b = OperandLayout(offset: 320, rows: 5, cols: 6, leadingDimension: 6)
    static let c = OperandLayout(offset: 640, rows: 8, cols: 6, leadingDimension: 6)
    /// Exactly the end of C: 640 + 8·(7·6 + 6).
    static let capacity = 1024

    static func record(transport: Transport = .shm) -> TaskRecord {
        TaskRecord(taskID: 77, kernel: .swift, transport: transport, a: a, b: b, c: c, alpha: 1.5, beta: -0.5)
    }
}
