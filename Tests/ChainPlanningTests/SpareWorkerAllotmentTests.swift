import Testing
@testable import ChainPlanning

/// `ListScheduler.allotSpareWorkers`: how idle workers beyond one per ready
/// product become extra tiles.
@Suite("the list scheduler's spare workers")
struct SpareWorkerAllotmentTests {
    let timer = TaskTimer(model: .nominal, workers: 8)

    func whole(_ shapes: [ProductShape]) -> [ListScheduler.Allotment] {
        shapes.map { ListScheduler.Allotment(tiles: 1, split: .whole, seconds: timer.seconds($0)) }
    }

    @Test("a spare worker goes to the product that would finish last")
    func latestFinishFirst() {
        let shapes = [ProductShape(m: 200, k: 200, n: 200), ProductShape(m: 1000, k: 1000, n: 1000)]
        let allotted = ListScheduler.allotSpareWorkers(1, to: whole(shapes), shapes: shapes, tileCap: 8, timer: timer)
        #expect(allotted.map(\.tiles) == [1, 2])
        #expect(allotted[0] == whole(shapes)[0])
        #expect(allotted[1].seconds < whole(shapes)[1].seconds)
    }

    @Test("workers stay idle when no tile would get faster, and no product passes the tile cap")
    func limits() {
        let tiny = [ProductShape(m: 1, k: 50, n: 1)]
        #expect(ListScheduler.allotSpareWorkers(3, to: whole(tiny), shapes: tiny, tileCap: 8, timer: timer) == whole(tiny))
        let large = [ProductShape(m: 2000, k: 2000, n: 2000)]
        #expect(ListScheduler.allotSpareWorkers(10, to: whole(large), shapes: large, tileCap: 4, timer: timer).map(\.tiles) == [4])
    }

    @Test("over random products: never more tiles than workers, each product at its best split, spare left only when nothing improves")
    func properties() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let shapes = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                ProductShape(m: Int.random(in: 1...3000, using: &random), k: Int.random(in: 1...3000, using: &random),
                             n: Int.random(in: 1...3000, using: &random))
            }
            let spare = Int.random(in: 0...12, using: &random), cap = Int.random(in: 1...8, using: &random)
            let allotted = ListScheduler.allotSpareWorkers(spare, to: whole(shapes), shapes: shapes, tileCap: cap, timer: timer)
            let extra = allotted.map(\.tiles).reduce(0, +) - shapes.count
            #expect(extra <= spare)
            for (shape, allotment) in zip(shapes, allotted) {
                #expect(allotment.tiles >= 1 && allotment.tiles <= max(cap, 1))
                #expect(allotment.seconds <= timer.seconds(shape))
                if allotment.tiles > 1 {
                    let best = timer.bestSplit(shape, tiles: allotment.tiles)
                    #expect(best?.split == allotment.split && best?.seconds == allotment.seconds, "\(shape)")
                }
                if extra < spare && allotment.tiles < cap {
                    let next = timer.bestSplit(shape, tiles: allotment.tiles + 1)
                    #expect(next == nil || next!.seconds >= allotment.seconds, "a worker stayed idle that \(shape) could use")
                }
            }
        }
    }
}
