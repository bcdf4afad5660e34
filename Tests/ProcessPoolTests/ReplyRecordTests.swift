import Testing
@testable import ProcessPool

@Suite("ReplyRecord encoding and validation")
struct ReplyRecordTests {
    func decode(_ bytes: [UInt8]) -> Result<ReplyRecord, RecordError> {
        Result { () throws(RecordError) in try ReplyRecord.decode(bytes) }
    }

    @Test("encode → decode gives the same reply for every status")
    func roundTrip() throws {
        for status in [ReplyRecord.Status.ready, .done, .rejected] {
            let reply = ReplyRecord(status: status, taskID: 0xDEAD_BEEF_0000_0001, computeSeconds: 1.25e-3,
                                    payloadBytes: 4096, message: "operand C extends past the end")
            let bytes = reply.encoded()
            #expect(bytes.count == ReplyRecord.size)
            #expect(try ReplyRecord.decode(bytes) == reply)
        }
    }

    @Test("a message longer than its field is cut to 96 bytes, never past the record")
    func longMessage() throws {
        let long = String(repeating: "abcdefgh", count: 30)
        let decoded = try ReplyRecord.decode(ReplyRecord(status: .rejected, taskID: 1, message: long).encoded())
        #expect(decoded.message == String(long.prefix(96)))
        // A multi-byte character cut in half must not crash the decoder.
        let accents = String(repeating: "é", count: 60)
        let cut = try ReplyRecord.decode(ReplyRecord(status: .rejected, taskID: 1, message: accents).encoded())
        #expect(cut.message.hasPrefix(String(repeating: "é", count: 48)))
    }

    @Test("wrong size, bad magic and unknown status are refused")
    func badHeader() {
        let good = ReplyRecord(status: .done, taskID: 3).encoded()
        #expect(decode(Array(good.dropLast())) == .failure(.truncated(127)))
        #expect(decode(good + [0]) == .failure(.truncated(129)))
        var bytes = good
        patch(&bytes, at: 0, UInt32(0x5442_4D47))  // a task record's magic
        #expect(decode(bytes) == .failure(.badMagic(0x5442_4D47)))
        for status: UInt32 in [0, 4, .max] {
            bytes = good
            patch(&bytes, at: 4, status)
            guard case .failure(.unexpectedReply) = decode(bytes) else {
                Issue.record("status \(status) accepted")
                continue
            }
        }
    }

    @Test("negative or oversized payload lengths are refused")
    func badPayload() {
        for payload: Int64 in [-1, .min, (64 << 30) + 1, .max] {
            var bytes = ReplyRecord(status: .done, taskID: 3).encoded()
            patch(&bytes, at: 24, payload)
            #expect(decode(bytes) == .failure(.payloadTooLarge(Int(payload))))
        }
        var limit = ReplyRecord(status: .done, taskID: 3).encoded()
        patch(&limit, at: 24, Int64(64 << 30))
        #expect((try? ReplyRecord.decode(limit))?.payloadBytes == 64 << 30)
    }
}
