import Glibc
import Testing
import SystemBoundary

/// Non-blocking transfers with a deadline: what the coordinator uses so that a
/// stopped worker can never block it past a task's reply deadline.
@Suite("transfers with a deadline")
struct DeadlineTransferTests {
    @Test("a read from a silent pipe gives up at its deadline; data and end-of-file are reported as such")
    func read() throws {
        let pipe = try makePipe()
        defer { pipe.read.close() }
        try pipe.read.setNonBlocking()
        var buffer = [UInt8](repeating: 0, count: 8)
        let start = monotonicSeconds()
        let silent = try buffer.withUnsafeMutableBytes { raw in
            try pipe.read.readExactly(into: raw.baseAddress!, count: 8, deadline: monotonicSeconds() + 0.1)
        }
        let waited = monotonicSeconds() - start
        #expect(silent == .expired(after: 0))
        #expect(waited >= 0.09 && waited < 2, "waited \(waited) s for a 0.1 s deadline")

        try [UInt8](repeating: 7, count: 3).withUnsafeBytes { try pipe.write.writeAll($0.baseAddress!, count: 3) }
        pipe.write.close()
        let partial = try buffer.withUnsafeMutableBytes { raw in
            try pipe.read.readExactly(into: raw.baseAddress!, count: 8, deadline: monotonicSeconds() + 5)
        }
        #expect(partial == .endOfFile(after: 3) && buffer[0..<3] == [7, 7, 7])
    }

    @Test("a write into a full pipe gives up at its deadline; a write to a closed reader is EPIPE")
    func write() throws {
        let pipe = try makePipe()
        defer { pipe.write.close() }
        try pipe.write.setNonBlocking()
        let big = [UInt8](repeating: 1, count: 4 << 20)   // far more than a pipe holds
        let full = try big.withUnsafeBytes { raw in
            try pipe.write.writeAll(raw.baseAddress!, count: raw.count, deadline: monotonicSeconds() + 0.1)
        }
        guard case .expired(let sent) = full else { Issue.record("got \(full)"); return }
        #expect(sent > 0 && sent < big.count)

        pipe.read.close()
        Signal.pipe.ignore()
        #expect(throws: Errno("write", code: EPIPE)) {
            try big.withUnsafeBytes { raw in
                _ = try pipe.write.writeAll(raw.baseAddress!, count: raw.count, deadline: monotonicSeconds() + 1)
            }
        }
    }
}
