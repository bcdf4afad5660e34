/// Whether the list scheduler may cut a product into tiles.
enum SplitPolicy: Sendable {
    /// Every product is one task (1×1); idle workers stay idle.
    case never
    /// When fewer products are ready than workers are idle, the spare workers
    /// become extra tiles of the ready products (see `ListScheduler`).
    case fillIdleWorkers
    /// One product at a time, cut into tiles for every idle worker: what a
    /// multi-threaded BLAS does inside each call (numpy's multi_dot, say).
    /// Wins when the tree has little independent work to overlap.
    case oneAtATime
}

/// When and how each product of a flattened tree runs, as estimated.
struct Schedule: Sendable {
    struct Slot: Sendable {
        var start: Double
        var finish: Double
        var split: TileSplit
    }
    /// Indexed like the flattened products.
    var slots: [Slot]
    /// Product indices in the order they were started (a topological order).
    var dispatchOrder: [Int]
    /// Finish of the last product.
    var makespan: Double
}

/// Greedy list scheduling of a product tree on P identical workers.
///
/// Time advances from one worker-free event to the next. At each event the
/// ready products (all inputs finished) are sorted by bottom level, the longest
/// path of unsplit task seconds from the product to the root (ties: lower
/// post-order index), and the first min(#idle, #ready) start now, one worker
/// each. Under `.fillIdleWorkers` the remaining idle workers are then handed out
/// one at a time: each goes to the started product with the latest estimated
/// finish among those whose largest tile gets strictly faster with one more tile
/// (`TaskTimer.bestSplit`), until none improves. `.oneAtATime` starts only the
/// first ready product and hands it every idle worker the same way. A split product's tiles start
/// together and it finishes when its slowest tile does. At most
/// `maxTilesPerProduct` tiles per product. P = 0 is simulated as one worker.
enum ListScheduler {
    static let maxTilesPerProduct = 64

    static func schedule(
        _ products: [TreeProduct], workers: Int, timer: TaskTimer, policy: SplitPolicy
    ) -> Schedule {
        let count = products.count
        let unsplitSeconds = products.map { timer.seconds($0.shape) }
        let bottomLevel = bottomLevels(products, unsplitSeconds: unsplitSeconds)
        let tileCap = min(max(workers, 1), maxTilesPerProduct)
        // No more than count·tileCap tiles can ever run at once, so simulating more
        // workers than that changes nothing (and `--workers 10⁹` must not allocate 10⁹).
        let workerCount = min(max(workers, 1), max(count, 1) * tileCap)

        var simulation = Simulation(products: products, workerCount: workerCount)
        while simulation.dispatchOrder.count < count {
            let idle = simulation.idleWorkers
            let ready = simulation.readyProducts.sorted {
                bottomLevel[$0] != bottomLevel[$1] ? bottomLevel[$0] > bottomLevel[$1] : $0 < $1
            }
            guard !idle.isEmpty, !ready.isEmpty else {
                simulation.waitForNextFreeWorker()
                continue
            }
            let chosen = Array(ready.prefix(policy == .oneAtATime ? 1 : idle.count))
            let whole = chosen.map { Allotment(tiles: 1, split: .whole, seconds: unsplitSeconds[$0]) }
            let allotments = policy == .never ? whole
                : allotSpareWorkers(idle.count - chosen.count, to: whole, shapes: chosen.map { products[$0].shape },
                                    tileCap: tileCap, timer: timer)
            simulation.start(chosen, allotments, on: idle)
        }
        return simulation.schedule
    }

    /// The workers one started product gets: its tiles, their split, and its
    /// estimated seconds (those of its largest tile).
    struct Allotment: Equatable {
        var tiles: Int
        var split: TileSplit
        var seconds: Double
    }

    /// Hands out `spare` idle workers one at a time: each goes to the product
    /// (of `shapes`, allotted `allotments` so far) with the latest estimated
    /// finish among those whose largest tile gets strictly faster with one more
    /// tile, at most `tileCap` tiles each, until none improves.
    static func allotSpareWorkers(_ spare: Int, to allotments: [Allotment], shapes: [ProductShape],
                                  tileCap: Int, timer: TaskTimer) -> [Allotment] {
        var allotments = allotments
        var spare = spare
        while spare > 0 {
            var pick: (index: Int, option: (split: TileSplit, seconds: Double))?
            for j in allotments.indices where allotments[j].tiles < tileCap {
                guard let option = timer.bestSplit(shapes[j], tiles: allotments[j].tiles + 1),
                      option.seconds < allotments[j].seconds
                else { continue }
                if pick == nil || allotments[j].seconds > allotments[pick!.index].seconds {
                    pick = (j, option)
                }
            }
            guard let (j, option) = pick else { break }
            allotments[j] = Allotment(tiles: allotments[j].tiles + 1, split: option.split, seconds: option.seconds)
            spare -= 1
        }
        return allotments
    }

    /// The simulated workers and clock: which worker is busy until when, and
    /// which products have started.
    private struct Simulation {
        let products: [TreeProduct]
        var workerFree: [Double]
        var slots: [Schedule.Slot]
        var started: [Bool]
        var dispatchOrder: [Int] = []
        var now = 0.0

        init(products: [TreeProduct], workerCount: Int) {
            self.products = products
            workerFree = Array(repeating: 0.0, count: workerCount)
            slots = Array(repeating: Schedule.Slot(start: 0, finish: 0, split: .whole), count: products.count)
            started = Array(repeating: false, count: products.count)
        }

        var idleWorkers: [Int] { workerFree.indices.filter { workerFree[$0] <= now } }

        /// Products not yet started whose inputs have all finished by now.
        var readyProducts: [Int] {
            products.indices.filter { i in
                !started[i] && products[i].dependencies.allSatisfy { started[$0] && slots[$0].finish <= now }
            }
        }

        /// Nothing can start: something is running (else a product would be
        /// ready), so the clock moves on to the next worker that frees up.
        mutating func waitForNextFreeWorker() {
            guard let next = workerFree.filter({ $0 > now }).min() else {
                preconditionFailure("list scheduler stalled with \(products.count - dispatchOrder.count) products left")
            }
            now = next
        }

        /// Starts `chosen` now, each on its allotment's number of the `idle` workers.
        mutating func start(_ chosen: [Int], _ allotments: [Allotment], on idle: [Int]) {
            var nextIdle = idle.makeIterator()
            for (j, product) in chosen.enumerated() {
                let finish = now + allotments[j].seconds
                for _ in 0..<allotments[j].tiles { workerFree[nextIdle.next()!] = finish }  // Σ tiles ≤ #idle
                slots[product] = Schedule.Slot(start: now, finish: finish, split: allotments[j].split)
                started[product] = true
                dispatchOrder.append(product)
            }
        }

        var schedule: Schedule {
            Schedule(slots: slots, dispatchOrder: dispatchOrder, makespan: slots.map(\.finish).max() ?? 0)
        }
    }

    /// bottomLevel[i] = unsplitSeconds[i] + bottomLevel[consumer of i]; the root
    /// (last in post-order) has no consumer.
    private static func bottomLevels(_ products: [TreeProduct], unsplitSeconds: [Double]) -> [Double] {
        var consumer = Array(repeating: -1, count: products.count)
        for (i, product) in products.enumerated() {
            for dependency in product.dependencies { consumer[dependency] = i }
        }
        var level = unsplitSeconds
        for i in stride(from: products.count - 1, through: 0, by: -1) where consumer[i] >= 0 {
            level[i] += level[consumer[i]]  // consumer[i] > i: already final
        }
        return level
    }
}
