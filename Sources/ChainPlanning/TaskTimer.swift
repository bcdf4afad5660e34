/// The cost model as the planners apply it: per-task seconds, with the dispatch
/// overhead charged only when there are worker processes.
struct TaskTimer: Sendable {
    let model: CostModel
    let chargesOverhead: Bool

    init(model: CostModel, workers: Int) {
        self.model = model
        self.chargesOverhead = workers > 0
    }

    func seconds(_ shape: ProductShape) -> Double {
        chargesOverhead
            ? model.seconds(m: shape.m, k: shape.k, n: shape.n)
            : model.computeSeconds(m: shape.m, k: shape.k, n: shape.n)
    }

    /// The fastest way to cut `shape` into exactly `tiles` tasks run side by side:
    /// the r×c with r·c = tiles, r ≤ m, c ≤ n minimising the seconds of the
    /// largest tile, ⌈m/r⌉×k×⌈n/c⌉. Ties go to more row bands. Nil when no such
    /// r×c exists (e.g. 5 tiles of a 2×2 result).
    func bestSplit(_ shape: ProductShape, tiles: Int) -> (split: TileSplit, seconds: Double)? {
        var best: (split: TileSplit, seconds: Double)?
        for rows in stride(from: tiles, through: 1, by: -1) where tiles % rows == 0 {
            let cols = tiles / rows
            guard rows <= shape.m, cols <= shape.n else { continue }
            let tile = ProductShape(
                m: (shape.m - 1) / rows + 1, k: shape.k, n: (shape.n - 1) / cols + 1)  // ⌈·⌉ without overflow
            let time = seconds(tile)
            if best == nil || time < best!.seconds {
                best = (TileSplit(rows: rows, cols: cols), time)
            }
        }
        return best
    }
}
