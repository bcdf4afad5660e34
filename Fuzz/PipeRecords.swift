// libFuzzer target: the task and reply records that cross the worker pipes
// (Sources/ProcessPool `TaskRecord.decode`, `ReplyRecord.decode`).
//
// Input layout: byte 0 picks the record (even: task, odd: reply); for a task, bytes 1...8
// are the arena capacity (little-endian, reduced modulo 2^40 so it stays a plausible size);
// the rest is the record. A record that decodes must survive a round trip through
// `encoded()` unchanged in every field the decoder checked.
import ProcessPool

/// Arena capacities are taken modulo this (1 TiB), larger than any arena we map.
private let arenaCapacityModulus: UInt64 = 1 << 40

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipeRecords(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = input.first else { return 0 }
    if selector % 2 == 0 {
        let capacityBytes = input.dropFirst().prefix(8)
        let capacity = capacityBytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } % arenaCapacityModulus
        let recordBytes = Array(input.dropFirst(1 + capacityBytes.count))
        guard let task = try? TaskRecord.decode(recordBytes, arenaCapacity: Int(capacity)) else { return 0 }
        let encoded = task.encoded()
        do {
            let again = try TaskRecord.decode(encoded, arenaCapacity: Int(capacity))
            check(again.encoded() == encoded, "task record changed in an encode/decode round trip")
        } catch {
            fatalError("TaskRecord.decode refused a record it had accepted, re-encoded: \(error)")
        }
    } else {
        guard let reply = try? ReplyRecord.decode(Array(input.dropFirst())) else { return 0 }
        do {
            let again = try ReplyRecord.decode(reply.encoded())
            check(again.status == reply.status && again.taskID == reply.taskID
                  && again.payloadBytes == reply.payloadBytes
                  && again.computeSeconds.bitPattern == reply.computeSeconds.bitPattern,
                  "reply record changed in an encode/decode round trip")
        } catch {
            fatalError("ReplyRecord.decode refused a record it had accepted, re-encoded: \(error)")
        }
    }
    return 0
}
