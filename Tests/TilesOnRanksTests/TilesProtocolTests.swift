import ProcessPool
import Testing
@testable import TilesOnRanks

/// The commands rank 0 sends serving ranks under `--algorithm tiles`, without mpirun.
@Suite("tiles command protocol")
struct TilesProtocolTests {
    static let record = TaskRecord(taskID: 7, kernel: .blas, transport: .shm,
                                   a: .init(offset: 0, rows: 2, cols: 3, leadingDimension: 3),
                                   b: .init(offset: 64, rows: 3, cols: 4, leadingDimension: 4),
                                   c: .init(offset: 192, rows: 2, cols: 4, leadingDimension: 4)).encoded()

    @Test("every command survives its tag and body", arguments: [
        TilesCommand.allocateArena(bytes: 1 << 33), .allocateArena(bytes: 0),
        .task(record: record), .stop(status: 0), .stop(status: 1), .stop(status: 2),
    ])
    func roundTrip(command: TilesCommand) throws {
        #expect(try TilesCommand.decode(tag: command.tag.rawValue, body: command.body) == command)
    }

    @Test("tags are distinct and none is a command but the three")
    func tags() {
        #expect(Set(TilesTag.allCases.map(\.rawValue)).count == TilesTag.allCases.count)
        for tag in [TilesTag.operands, .reply, .result] {
            #expect(throws: TilesCommand.Malformed.self) { try TilesCommand.decode(tag: tag.rawValue, body: []) }
        }
    }

    @Test("a malformed command is refused with what is wrong", arguments: [
        (TilesTag.allocateArena.rawValue, [UInt8](repeating: 0, count: 4), "allocate-arena body of 4 bytes"),
        (TilesTag.allocateArena.rawValue, TilesCommand.encode(-8), "allocate-arena of -8 bytes"),
        (TilesTag.task.rawValue, [UInt8](repeating: 0, count: 100), "task record of 100 bytes"),
        (TilesTag.stop.rawValue, TilesCommand.encode(1 << 40), "stop with status"),
        (Int32(999), [UInt8](), "tag 999 is not a command"),
    ])
    func malformed(tag: Int32, body: [UInt8], message: String) {
        do {
            _ = try TilesCommand.decode(tag: tag, body: body)
            Issue.record("accepted tag \(tag)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }
}
