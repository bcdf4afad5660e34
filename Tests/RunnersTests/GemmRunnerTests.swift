import Glibc
import Testing
import TestSupport
@testable import Runners
import GemmCore
import ProcessPool
import Vocabulary

/// GemmRunner end to end, with worker processes started from the built gemmbench.
/// GemmRunner does not hand back C, so each run is judged by its own O(n²)
/// verification (which a wrong tile, a missing tile or a stale C fails).
@Suite("GemmRunner")
struct GemmRunnerTests {
    static let shapes: [(m: Int, k: Int, n: Int)] = [(1, 1, 1), (17, 31, 127), (64, 1, 64), (100, 100, 100)]
    /// (workers, split); nil split = the default grid.
    static let layouts: [(workers: Int, split: GridShape?)] = [
        (1, GridShape(rows: 1, cols: 1)), (2, GridShape(rows: 2, cols: 2)), (3, GridShape(rows: 3, cols: 1)), (2, nil), (3, nil),
    ]

    static func configuration(_ shape: (m: Int, k: Int, n: Int), kernel: Kernel, workers: Int,
                              transport: Transport, split: GridShape?) -> GemmConfiguration {
        var config = GemmConfiguration(m: shape.m, k: shape.k, n: shape.n)
        config.kernel = kernel
        config.workers = workers
        config.transport = transport
        config.split = split
        // One warm-up and two timed runs: the tasks of a repetition overwrite C,
        // so a repetition that skipped a tile would still leave a right C only by luck.
        config.repetition = RepetitionPolicy(warmups: 1, minRepetitions: 2, minSeconds: 0)
        return config
    }

    @Test("single process: PASS for every kernel and shape", arguments: Kernel.allCases)
    func singleProcess(kernel: Kernel) throws {
        for shape in Self.shapes {
            let result = try GemmRunner.run(Self.configuration(shape, kernel: kernel, workers: 0, transport: .shm, split: nil))
            #expect(result.verification.passed && result.verification.residual < 4,
                    "\(kernel) \(shape): residual \(result.verification.residual)")
            #expect(result.grid == nil && result.poolStartupSeconds == nil && result.arenaBytes == nil)
            #expect(result.stats.samples.count == 2)
        }
    }

    @Test("worker pool: PASS for every shape, worker count, split and kernel",
          arguments: Transport.allCases, Kernel.allCases)
    func workerPool(transport: Transport, kernel: Kernel) throws {
        let executable = try #require(gemmbenchExecutable(), "gemmbench must be built next to the tests")
        for shape in Self.shapes {
            for layout in Self.layouts {
                let config = Self.configuration(shape, kernel: kernel, workers: layout.workers,
                                                transport: transport, split: layout.split)
                let what = "\(transport) \(kernel) \(shape.m)x\(shape.k)x\(shape.n) P=\(layout.workers) split \(layout.split?.description ?? "default")"
                if let split = layout.split, split.rows > shape.m || split.cols > shape.n {
                    #expect(throws: TileGrid.SplitError.self, "\(what) must be refused") {
                        try GemmRunner.run(config, executable: executable)
                    }
                    continue
                }
                let result = try GemmRunner.run(config, executable: executable)
                #expect(result.verification.passed && result.verification.residual < 4,
                        "\(what): residual \(result.verification.residual)")
                let grid = try #require(result.grid)
                #expect(grid.m == shape.m && grid.n == shape.n)
                if let split = layout.split {
                    #expect(grid.gridRows == split.rows && grid.gridCols == split.cols, "\(what)")
                }
                #expect(result.poolStartupSeconds.map { $0 > 0 } == true)
                #expect((result.arenaBytes != nil) == (transport == .shm), "\(what): arena bytes \(String(describing: result.arenaBytes))")
                if transport == .shm, let bytes = result.arenaBytes {
                    // Three 64-byte aligned operands and nothing else.
                    let expected = RegionAllocator.aligned(8 * shape.m * shape.k) + RegionAllocator.aligned(8 * shape.k * shape.n)
                        + RegionAllocator.aligned(8 * shape.m * shape.n)
                    #expect(bytes == expected, "\(what)")
                }
            }
        }
    }

    @Test("more workers than tiles still finishes: P = 3 on a 2-tile split")
    func idleWorkers() throws {
        let executable = try #require(gemmbenchExecutable())
        let config = Self.configuration((m: 40, k: 20, n: 30), kernel: .blas, workers: 3, transport: .shm, split: GridShape(rows: 2, cols: 1))
        let result = try GemmRunner.run(config, executable: executable)
        #expect(result.verification.passed)
    }

    @Test("too little memory for the matrices is refused before anything is allocated")
    func tooLargeForMemory() {
        let config = GemmConfiguration(m: 1000, k: 1000, n: 1000)
        do {
            _ = try GemmRunner.run(config, availableMemory: 1_000_000)
            Issue.record("ran with too little memory")
        } catch let error as GemmRunner.TooLarge {
            #expect(error.needed == 24_000_000 && error.available == 1_000_000)
            #expect(error.description.contains("24000000") && error.description.contains("1000000"))
        } catch {
            Issue.record("wrong error \(error)")
        }
    }

    @Test("the message transport's copies count: a problem whose operands fit but whose copies do not is refused")
    func messageCopiesCount() throws {
        var config = GemmConfiguration(m: 400, k: 400, n: 400)
        config.workers = 2
        config.transport = .message
        // Operands 3.84 MB; two 200×400 tiles: each worker and the staging hold
        // 8·(200·400 + 400·400 + 200·400) = 2.56 MB, 7.68 MB in all.
        let operands = 3_840_000, copies = 3 * 2_560_000
        do {
            _ = try GemmRunner.run(config, availableMemory: operands + copies - 1)
            Issue.record("ran although the copies do not fit")
        } catch let error as GemmRunner.TooLarge {
            #expect(error.needed == operands + copies && error.messageCopies == copies)
            #expect(error.description.contains("message-transport copies"), "\(error)")
        }
        #expect(MessageTransportMemory.bytes(largestTask: (200, 400, 400), workers: 2, tasks: 2) == copies)
        #expect(MessageTransportMemory.bytes(largestTask: (200, 400, 400), workers: 8, tasks: 2) == copies,
                "idle workers hold no copies")
        #expect(MessageTransportMemory.bytes(largestTask: (1 << 40, 1 << 40, 1), workers: 2, tasks: 2) == nil)
    }

    @Test("an arena larger than available memory (alignment padding) is refused with Arena.TooLarge")
    func arenaTooLarge() throws {
        let executable = try #require(gemmbenchExecutable())
        var config = GemmConfiguration(m: 1, k: 1, n: 1)  // 24 operand bytes, 192 arena bytes
        config.workers = 1
        #expect(throws: Arena.TooLarge.self) {
            try GemmRunner.run(config, executable: executable, availableMemory: 100)
        }
    }

    @Test("configuration arithmetic: flops and operand bytes")
    func configurationArithmetic() {
        let config = GemmConfiguration(m: 3, k: 5, n: 7)
        #expect(config.flops == 210)
        #expect(config.operandBytes == 8 * (15 + 35 + 21))
        #expect(config.workers == 0 && config.threads == 1 && config.kernel == .blas && config.transport == .shm)
    }
}
