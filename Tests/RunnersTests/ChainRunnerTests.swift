import Glibc
import Testing
import TestSupport
import ChainPlanning
import GemmCore
import NumpyIO
import ProcessPool
@testable import Runners
import Vocabulary

/// ChainRunner end to end: every planner, single process and on worker pools,
/// against a left-to-right product computed here with the naive kernel.
@Suite("ChainRunner")
struct ChainRunnerTests {
    /// Random chains, including 1×1 factors and k = 2.
    static let chains: [[Int]] = [
        [1, 1, 1],
        [5, 7],            // filled in below to three dims
        [17, 3, 29],
        [1, 9, 1, 9, 1],
        [12, 30, 5, 18, 7, 25, 4, 16, 9],
    ].map { $0.count >= 3 ? $0 : $0 + [3] }

    static func scratchPath(_ name: String) -> String {
        "/tmp/gemmbench-chain-test-\(getpid())-\(name).npy"
    }

    /// Y = F0·F1·…, left to right, with the naive reference kernel.
    static func reference(dims: [Int], seed: UInt64) -> Matrix {
        var y = Matrix.random(rows: dims[0], cols: dims[1], seed: seed)
        for i in 1..<dims.count - 1 {
            let factor = Matrix.random(rows: dims[i], cols: dims[i + 1], seed: seed &+ UInt64(i))
            let next = Matrix(rows: dims[0], cols: dims[i + 1])
            NaiveKernel.multiply(y.view, factor.view, into: next.view, alpha: 1, beta: 0)
            y = next
        }
        return y
    }

    func run(dims: [Int], planner: PlannerKind, workers: Int, transport: Transport) throws -> (ChainResult, [Double]) {
        var config = ChainConfiguration(source: .random(dims: dims, seed: 7))
        config.planner = planner
        config.workers = workers
        config.transport = transport
        config.repetition = RepetitionPolicy(warmups: 0, minRepetitions: 2)
        let path = Self.scratchPath("\(planner)-\(workers)-\(transport)")
        defer { unlink(path) }
        config.outputPath = path
        let executable = try #require(gemmbenchExecutable())
        let result = try ChainRunner.run(config, executable: executable)
        let written = try Npy.read(path: path)
        #expect(written.rows == dims.first! && written.cols == dims.last!)
        return (result, written.values)
    }

    @Test("every planner equals the left-to-right reference", arguments: PlannerKind.allCases)
    func plannersMatchReference(planner: PlannerKind) throws {
        for dims in Self.chains {
            let expected = Self.reference(dims: dims, seed: 7)
            for (workers, transport) in [(0, Transport.shm), (2, .shm), (3, .message)] {
                let (result, values) = try run(dims: dims, planner: planner, workers: workers, transport: transport)
                #expect(result.verification.passed, "\(planner) \(dims) P=\(workers): residual \(result.verification.residual)")
                var worst = 0.0
                for i in 0..<dims.first! {
                    for j in 0..<dims.last! {
                        worst = max(worst, abs(values[i * dims.last! + j] - expected.view[i, j]))
                    }
                }
                // Different association orders round differently: allow ε-level drift.
                #expect(worst <= 1e-10, "\(planner) \(dims) P=\(workers) \(transport): max |Δ| \(worst)")
            }
        }
    }

    @Test("intermediates are freed and reused on a long chain")
    func reusesIntermediates() throws {
        // Twelve equal factors left to right: each intermediate dies as soon as
        // the next product is done, so at most two are ever live.
        let dims = Array(repeating: 40, count: 13)
        var config = ChainConfiguration(source: .random(dims: dims, seed: 3))
        config.planner = .left
        config.repetition = RepetitionPolicy(warmups: 0, minRepetitions: 1)
        let result = try ChainRunner.run(config)
        let intermediatePeak = result.peakArenaBytes - result.factorBytes
        #expect(result.verification.passed)
        #expect(intermediatePeak > 0)
        #expect(intermediatePeak <= 2 * RegionAllocator.aligned(8 * 40 * 40))
        #expect(intermediatePeak < result.intermediateBytesWithoutReuse / 4)
    }

    @Test("an --output in a missing directory is a clear error")
    func unwritableOutput() throws {
        // (A result that fails verification is never written: CLITests checks
        // that through the fault hook, which is read once per process.)
        var config = ChainConfiguration(source: .random(dims: [4, 5, 6], seed: 1))
        config.repetition = RepetitionPolicy(warmups: 0, minRepetitions: 1)
        config.outputPath = "/nonexistent-dir-\(getpid())/y.npy"
        #expect(throws: NpyError.self) { try ChainRunner.run(config) }
    }

    @Test("byte counts that overflow Int are refused, not wrapped")
    func sizeOverflow() {
        // Factors of 2^43 bytes each, but their product would be 2^83 bytes.
        let config = ChainConfiguration(source: .random(dims: [1 << 40, 1, 1 << 40], seed: 1))
        #expect(throws: ChainRunner.SizeOverflow.self) { try ChainRunner.run(config) }
    }

    @Test("with the message transport the workers' copies count against memory")
    func messageCopiesCount() throws {
        var config = ChainConfiguration(source: .random(dims: [400, 400, 400], seed: 1))
        config.workers = 2
        config.transport = .message
        config.repetition = RepetitionPolicy(warmups: 0, minRepetitions: 1)
        // The arena (two factors and Y, 3.84 MB) fits; the copies (≥ 2.56 MB per holder) do not.
        do {
            _ = try ChainRunner.run(config, availableMemory: 5_000_000)
            Issue.record("ran although the copies do not fit")
        } catch let error as GemmRunner.TooLarge {
            #expect(error.messageCopies >= 3 * 2_560_000, "\(error)")
        }
    }

    @Test("too large for memory is refused before anything is allocated")
    func refusesTooLarge() {
        var config = ChainConfiguration(source: .random(dims: [1000, 1000, 1000], seed: 1))
        config.repetition = RepetitionPolicy(warmups: 0, minRepetitions: 1)
        #expect(throws: Arena.TooLarge.self) { try ChainRunner.run(config, availableMemory: 1 << 20) }
    }
}

@Suite struct SmallChainRuleTests {
    /// A chain of 8×8 factors: four products of a few hundred flops each, where a
    /// round trip to a worker costs more than the product. It runs in one process.
    @Test func aTinyChainRunsInOneProcessAndSaysSo() throws {
        var config = ChainConfiguration(source: .random(dims: [8, 8, 8, 8, 8], seed: 3))
        config.planner = .parallel
        config.workers = 2
        config.repetition = RepetitionPolicy(warmups: 0, minRepetitions: 2)
        let result = try ChainRunner.run(config, executable: try #require(gemmbenchExecutable()))
        #expect(result.verification.passed)
        #expect(result.oneProcessReason?.contains("runs in one process with 2 BLAS threads") == true)
        #expect(result.poolStartupSeconds == nil, "no worker was started")
    }

    @Test func aChainWorthSharingStaysOnTheWorkers() throws {
        let cost = CostModel.nominal
        let dims = [512, 512, 512, 512, 512]
        let plan = try makePlan(dims: dims, planner: .parallel, workers: 2, cost: cost)
        #expect(try SmallChainRule.decide(pooled: plan, dims: dims, workers: 2, threads: 1, cost: cost) == nil)
        let tiny = [8, 8, 8, 8, 8]
        let tinyPlan = try makePlan(dims: tiny, planner: .parallel, workers: 2, cost: cost)
        #expect(try SmallChainRule.decide(pooled: tinyPlan, dims: tiny, workers: 2, threads: 1, cost: cost)?.threads == 2)
        #expect(try SmallChainRule.decide(pooled: tinyPlan, dims: tiny, workers: 0, threads: 1, cost: cost) == nil)
    }
}
