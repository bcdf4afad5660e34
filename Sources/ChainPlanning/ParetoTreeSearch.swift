/// Candidate parenthesisations that trade total work against critical path.
///
/// Interval DP over the factors i..<j. Each interval keeps a set of
/// non-dominated (work, span) points, where for the product L·R split at s
///
///     c    = unsplit task seconds of dims[i]×dims[s]×dims[j]
///     work = work(L) + work(R) + c
///     span = max(span(L), span(R)) + c
///
/// A point is dominated when another has work ≤ and span ≤ (one strictly).
/// Each set is thinned to `keep` points: the least-work point, the least-span
/// point, and those with the smallest max(work/P, span) (the makespan lower bound
/// on P workers; ties: less work). The least-work point of the whole chain is
/// the tree that is fastest on one worker, so `parallel` with P ≤ 1 finds it.
enum ParetoTreeSearch {
    private struct Point {
        var work: Double
        var span: Double
        var split: Int       // 0 for a single factor
        var leftPoint: Int
        var rightPoint: Int
    }

    static func candidates(dims: [Int], workers: Int, timer: TaskTimer, keep: Int = 8) -> [ProductTree] {
        let count = dims.count - 1
        let workerCount = Double(max(workers, 1))
        // front[i][j] for the interval i..<j (j > i).
        var front = Array(repeating: Array(repeating: [Point](), count: count + 1), count: count + 1)
        for i in 0..<count {
            front[i][i + 1] = [Point(work: 0, span: 0, split: 0, leftPoint: 0, rightPoint: 0)]
        }
        for length in stride(from: 2, through: count, by: 1) {
            for i in 0...(count - length) {
                let j = i + length
                var points: [Point] = []
                for s in (i + 1)..<j {
                    let c = timer.seconds(ProductShape(m: dims[i], k: dims[s], n: dims[j]))
                    for (l, left) in front[i][s].enumerated() {
                        for (r, right) in front[s][j].enumerated() {
                            points.append(Point(
                                work: left.work + right.work + c,
                                span: max(left.span, right.span) + c,
                                split: s, leftPoint: l, rightPoint: r))
                        }
                    }
                }
                front[i][j] = thinned(paretoFront(points), keep: keep, workers: workerCount)
            }
        }
        func build(_ i: Int, _ j: Int, _ p: Int) -> ProductTree {
            guard j - i > 1 else { return .factor(i) }
            let point = front[i][j][p]
            return .product(build(i, point.split, point.leftPoint), build(point.split, j, point.rightPoint))
        }
        return front[0][count].indices.map { build(0, count, $0) }
    }

    /// Non-dominated points sorted by work ascending (so span descending).
    /// Among exact duplicates the first generated (smallest split) survives.
    private static func paretoFront(_ points: [Point]) -> [Point] {
        let sorted = points.enumerated().sorted {
            ($0.element.work, $0.element.span, $0.offset) < ($1.element.work, $1.element.span, $1.offset)
        }.map(\.element)
        var front: [Point] = []
        for point in sorted where front.isEmpty || point.span < front[front.count - 1].span {
            front.append(point)
        }
        return front
    }

    private static func thinned(_ front: [Point], keep: Int, workers: Double) -> [Point] {
        guard front.count > keep else { return front }
        func bound(_ p: Point) -> Double { max(p.work / workers, p.span) }
        var chosen: Set<Int> = [0, front.count - 1]
        let byBound = front.indices.sorted {
            (bound(front[$0]), front[$0].work) < (bound(front[$1]), front[$1].work)
        }
        for index in byBound where chosen.count < keep { chosen.insert(index) }
        return chosen.sorted().map { front[$0] }
    }
}
