import Testing
import TestSupport
@testable import Execution
import GemmCore
import ProcessPool
import SystemBoundary
import Platform

@Suite("First touch of arena pages by their workers")
struct FirstTouchTests {
    @Test("runs only with several NUMA nodes, pinned workers and shm: on one node it costs nothing")
    func onlyWhereItMatters() {
        #expect(!FirstTouch.isWanted(numaNodes: 1, workers: 2, binding: .cores, transport: .shm))
        #expect(!FirstTouch.isWanted(numaNodes: 2, workers: 2, binding: .none, transport: .shm))
        #expect(!FirstTouch.isWanted(numaNodes: 2, workers: 0, binding: .cores, transport: .shm))
        #expect(!FirstTouch.isWanted(numaNodes: 2, workers: 2, binding: .cores, transport: .message))
        #expect(FirstTouch.isWanted(numaNodes: 2, workers: 2, binding: .sockets, transport: .shm))
    }

    @Test("round r gives worker w its r-th region, or an empty task")
    func roundShape() {
        let r = (0..<3).map { OperandLayout(offset: 4096 * $0, rows: 1, cols: 8, leadingDimension: 8) }
        let rounds = FirstTouch.rounds([[r[0], r[1]], [r[2]]])
        #expect(rounds.count == 2 && rounds.allSatisfy { $0.count == 2 })
        #expect(rounds[0].map(\.record.c) == [r[0], r[2]] && rounds[1][0].record.c == r[1])
        #expect(rounds[1][1].record.m == 0 && rounds[1][1].record.n == 0)
        #expect(rounds.joined().allSatisfy { $0.record.k == 0 && $0.record.alpha == 0 && $0.record.beta == 0 })
    }

    /// Two regions of two pages each, for workers 0 and 1, with untouched pages
    /// between and after them: pages 0–1, 3–4 of a six-page arena.
    static func regions() -> [[OperandLayout]] {
        let perPage = pageBytes / 8
        return [[OperandLayout(offset: 0, rows: 2, cols: perPage, leadingDimension: perPage)],
                [OperandLayout(offset: 3 * pageBytes, rows: 2, cols: perPage, leadingDimension: perPage)]]
    }

    @Test("each worker touches exactly its own pages: the coordinator touches none; on several NUMA nodes each lands on its worker's node")
    func workersTouchTheirPages() throws {
        let executable = try #require(gemmbenchExecutable())
        let arena = try Arena(capacity: 6 * pageBytes)
        #expect(try residentPages(arena.base, bytes: arena.capacity).allSatisfy { !$0 }, "a fresh arena has no pages")
        let topology = CPUTopology.current()
        let nodes = topology?.numaNodes ?? 1
        // On several nodes, worker w is pinned to the CPUs of node w (mod nodes).
        let nodeOfWorker = (0..<2).map { $0 % nodes }
        let cpuSets: [[Int]]? = nodes > 1 ? nodeOfWorker.map { node in topology!.cpus.filter { $0.node == node }.map(\.id) } : nil
        let pool = try WorkerPool(count: 2, threads: 1, arena: arena, executable: executable, cpuSets: cpuSets)
        defer { pool.shutdown() }
        try FirstTouch.run(FirstTouch.rounds(Self.regions()), on: pool)

        // mincore reports the memfd's page cache: only the workers wrote, so a
        // resident page is one a worker touched.
        #expect(try residentPages(arena.base, bytes: arena.capacity) == [true, true, false, true, true, false])
        guard nodes > 1 else {
            print("FirstTouch NUMA placement check skipped: this machine has one NUMA node (residency checked instead)")
            return
        }
        for (worker, list) in Self.regions().enumerated() {
            for region in list {
                let pages = stride(from: region.offset, to: region.offset + region.rows * region.leadingDimension * 8,
                                   by: pageBytes).map { UnsafeRawPointer(arena.base + $0) }
                // Map the pages here too (a read: they exist already), so move_pages can see them.
                let sum = pages.reduce(0.0) { $0 + $1.load(as: Double.self) }
                #expect(sum == 0)
                #expect(try pageNodes(pages) == pages.map { _ in nodeOfWorker[worker] },
                        "worker \(worker)'s pages are not on its node \(nodeOfWorker[worker])")
            }
        }
    }
}
