import Glibc
import SystemBoundary
import Testing
@testable import Decomposition
import TestSupport

@Suite struct CandidateTests {
    @Test func twoCoresOfferOneProcessAndEveryFactorisation() {
        #expect(autoCandidates(cores: 2) == [
            Decomposition(workers: 0, threads: 1), Decomposition(workers: 0, threads: 2),
            Decomposition(workers: 1, threads: 2), Decomposition(workers: 2, threads: 1),
        ])
    }

    @Test func sixteenCoresAddSquareGridsFromFourWorkersOn() {
        let candidates = autoCandidates(cores: 16)
        #expect(candidates.filter { $0.workers > 0 }.map { [$0.workers, $0.threads] }
                == [[1, 16], [2, 8], [4, 4], [4, 4], [8, 2], [8, 2], [16, 1], [16, 1]])
        #expect(candidates.compactMap(\.split).map { [$0.rows, $0.cols] } == [[2, 2], [4, 2], [4, 4]])
        #expect(candidates.allSatisfy { $0.width == 16 || ($0.workers == 0 && $0.threads == 1) })
        #expect(autoCandidates(cores: 16, threads: 4).map(\.workers) == [4, 4])
    }

    @Test(arguments: [(1, 1, 1), (4, 2, 2), (6, 3, 2), (8, 4, 2), (12, 4, 3), (16, 4, 4), (7, 7, 1)])
    func mostSquareSplits(tiles: Int, rows: Int, cols: Int) {
        #expect(mostSquareSplit(tiles).map { [$0.rows, $0.cols] } == [rows, cols])
    }
}

@Suite struct CalibrationTableTests {
    let one = Decomposition(workers: 0, threads: 1)
    let threaded = Decomposition(workers: 0, threads: 2)
    let pool = Decomposition(workers: 2, threads: 1)

    /// A machine where the pool wins from n = 1024 and one process below.
    func fakeMeasure(_ candidate: Decomposition, _ n: Int) -> [Double] {
        let flops = 2 * pow(Double(n), 3)
        let overhead = candidate.workers > 0 ? 1e-3 : (candidate.threads > 1 ? 6e-4 : 0)
        let rate = 40e9 * (candidate.workers > 0 ? 1.95 : Double(candidate.threads) * 0.9 + 0.1)
        return [flops / rate + overhead]
    }

    @Test func theChoiceIsTheFastestAtTheNearestCalibratedSize() {
        var calls: [String] = []
        let table = CalibrationTable.calibrate(candidates: [one, threaded, pool], sizes: [256, 2048], rounds: 2) { c, n in
            calls.append("\(n) \(c)")
            return fakeMeasure(c, n)
        }
        #expect(calls.count == 12, "3 candidates × 2 sizes × 2 rounds")
        #expect(calls[0...2] != calls[3...5], "rounds start at different candidates")
        #expect(table.best(m: 200, k: 200, n: 200, among: [one, threaded, pool]) == one)
        #expect(table.best(m: 4096, k: 4096, n: 4096, among: [one, threaded, pool]) == pool)
        #expect(table.best(m: 2048, k: 2048, n: 2048, among: [one, threaded]) == threaded)
        // 300 is nearer 256 than 2048 in log scale; 1000 × 1000 × 1000 is nearer 2048 (log2 9.97 vs 8 and 11).
        #expect(table.best(m: 300, k: 300, n: 300, among: [one, threaded, pool]) == one)
        #expect(table.best(m: 1000, k: 1000, n: 1000, among: [one, threaded, pool]) == pool)
        #expect(CalibrationTable().best(m: 8, k: 8, n: 8, among: [one]) == nil)
    }
}

@Suite final class CalibrationCacheTests {
    let directory = makeTemporaryDirectory(prefix: "decomposition-test")
    deinit { removeTemporaryDirectory(directory) }

    let table = CalibrationTable(seconds: [
        256: [Decomposition(workers: 0, threads: 1): 0.0007, Decomposition(workers: 2, threads: 1): 0.0009],
        2048: [Decomposition(workers: 4, threads: 4, split: .init(rows: 2, cols: 2)): 0.041],
    ])

    @Test func aSavedTableLoadsBackForTheSameMachineOnly() {
        let cache = CalibrationCache(path: "\(directory)/nested/dir/decomposition.txt")
        let key = CalibrationCache.key(cpuModel: "AMD EPYC", cores: 2, blasCore: "Zen")
        #expect(cache.save(table, key: key) == nil)
        #expect(cache.load(key: key) == table)
        // Another CPU, core count or BLAS core: stale, recalibrate.
        #expect(cache.load(key: CalibrationCache.key(cpuModel: "Intel Xeon", cores: 2, blasCore: "Zen")) == nil)
        #expect(cache.load(key: CalibrationCache.key(cpuModel: "AMD EPYC", cores: 16, blasCore: "Zen")) == nil)
        #expect(cache.load(key: CalibrationCache.key(cpuModel: "AMD EPYC", cores: 2, blasCore: "Haswell")) == nil)
    }

    @Test func aMissingOrMalformedFileIsNoCache() {
        let key = "k"
        #expect(CalibrationCache(path: "\(directory)/none.txt").load(key: key) == nil)
        for text in ["key = k\n256 0 1 - nope\n", "key = k\n256 0 1 3x 0.1\n", "key = k\n", "256 0 1 - 0.1\n",
                     "key = k\n256 0 0 - 0.1\n"] {
            #expect(CalibrationCache.parse(text, key: key) == nil, "\(text)")
        }
        #expect(CalibrationCache.parse("# c\nkey = k\n256 2 1 2x1 0.5\n", key: key)?.seconds[256]?.count == 1)
    }

    @Test func theDefaultPathFollowsTheEnvironment() {
        #expect(CalibrationCache.defaultPath(environment: ProcessEnvironment())?.hasSuffix("decomposition.txt") != false)
    }
}
