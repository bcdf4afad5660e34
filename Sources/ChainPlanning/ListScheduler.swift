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

        var workerFree = Array(repeating: 0.0, count: workerCount)
        var slots = Array(repeating: Schedule.Slot(start: 0, finish: 0, split: .whole), count: count)
        var started = Array(repeating: false, count: count)
        var dispatchOrder: [Int] = []
        var now = 0.0

        func isReady(_ i: Int) -> Bool {
            !started[i] && products[i].dependencies.allSatisfy { started[$0] && slots[$0].finish <= now }
        }

        while dispatchOrder.count < count {
            let idle = (0..<workerCount).filter { workerFree[$0] <= now }
            let ready = (0..<count).filter(isReady).sorted {
                bottomLevel[$0] != bottomLevel[$1] ? bottomLevel[$0] > bottomLevel[$1] : $0 < $1
            }
            guard !idle.isEmpty, !ready.isEmpty else {
                // Something is running (else a product would be ready): wait for it.
                guard let next = workerFree.filter({ $0 > now }).min() else {
                    preconditionFailure("list scheduler stalled with \(count - dispatchOrder.count) products left")
                }
                now = next
                continue
            }

            let chosen = Array(ready.prefix(policy == .oneAtATime ? 1 : idle.count))
            var tiles = Array(repeating: 1, count: chosen.count)
            var options = chosen.map { (split: TileSplit.whole, seconds: unsplitSeconds[$0]) }
            if policy != .never {
                var spare = idle.count - chosen.count
                while spare > 0 {
                    var pick: (slot: Int, option: (split: TileSplit, seconds: Double))?
                    for j in chosen.indices where tiles[j] < tileCap {
                        guard let option = timer.bestSplit(products[chosen[j]].shape, tiles: tiles[j] + 1),
                              option.seconds < options[j].seconds
                        else { continue }
                        if pick == nil || options[j].seconds > options[pick!.slot].seconds {
                            pick = (j, option)
                        }
                    }
                    guard let (j, option) = pick else { break }
                    tiles[j] += 1
                    options[j] = option
                    spare -= 1
                }
            }

            var nextIdle = idle.makeIterator()
            for (j, product) in chosen.enumerated() {
                let finish = now + options[j].seconds
                for _ in 0..<tiles[j] { workerFree[nextIdle.next()!] = finish }  // Σ tiles ≤ #idle
                slots[product] = Schedule.Slot(start: now, finish: finish, split: options[j].split)
                started[product] = true
                dispatchOrder.append(product)
            }
        }
        return Schedule(
            slots: slots, dispatchOrder: dispatchOrder,
            makespan: slots.map(\.finish).max() ?? 0)
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
