import Vocabulary
/// The most factors a chain may have. The `parallel` planner's search grows
/// roughly as k⁴: 64 factors took 6 s to plan in a debug build here, 128 over
/// a minute. Far past the lecture's eight.
public let maximumChainFactors = 64

/// Plans Y = factor0 · … · factor(k-1) for dims d0…dk (factor i is dims[i]×dims[i+1]).
///
/// - `left`, `optimal`, `tree` fix the parenthesisation (see `PlannerKind`);
///   every product is one task (split 1×1), and products whose inputs are ready
///   run side by side on free workers (`ListScheduler` with `.never`).
/// - `parallel` evaluates candidate trees — flop-optimal, the (work, span)
///   Pareto trees of `ParetoTreeSearch`, pairwise, left-deep, right-deep — each
///   under every split policy (`.never`; `.fillIdleWorkers` and `.oneAtATime` when P ≥ 2),
///   and keeps the least estimated makespan; ties go to fewer flops, then to the
///   earlier candidate in that list. Since the other planners' (tree, `.never`)
///   pairs are among the candidates, its estimate never exceeds theirs. With
///   P ≤ 1 nothing is split and it returns the tree with the least summed task
///   seconds: `optimal` measured in the model's seconds instead of flops (the
///   same tree whenever efficiency does not vary between the candidates' shapes).
///
/// All estimates use `cost` via `TaskTimer`: per-task seconds, overhead charged
/// only when `workers ≥ 1`, and P = 0 simulated as one worker.
///
/// Throws when dims has fewer than 3 entries or more than `maximumChainFactors` + 1,
/// a dim is ≤ 0, or workers < 0.
public func makePlan(
    dims: [Int], planner: PlannerKind, workers: Int, cost: CostModel = .nominal
) throws(ChainPlanError) -> ChainPlan {
    guard dims.count >= 3 else { throw .tooFewDims(count: dims.count) }
    guard dims.count - 1 <= maximumChainFactors else { throw .tooManyFactors(count: dims.count - 1) }
    if let bad = dims.firstIndex(where: { $0 <= 0 }) {
        throw .nonPositiveDim(index: bad, value: dims[bad])
    }
    guard workers >= 0 else { throw .negativeWorkers(workers) }

    let timer = TaskTimer(model: cost, workers: workers)
    let factorCount = dims.count - 1
    let chosen: EvaluatedTree
    switch planner {
    case .left:
        chosen = EvaluatedTree(TreeBuilders.leftDeep(factorCount: factorCount), dims, workers, timer, .never)
    case .optimal:
        chosen = EvaluatedTree(TreeBuilders.flopOptimal(dims: dims), dims, workers, timer, .never)
    case .tree:
        chosen = EvaluatedTree(TreeBuilders.pairwise(factorCount: factorCount), dims, workers, timer, .never)
    case .parallel:
        chosen = fastestCandidate(dims: dims, workers: workers, timer: timer)
    }
    return chosen.plan(dims: dims, planner: planner, workers: workers, cost: cost)
}

/// A tree with its estimated schedule.
private struct EvaluatedTree {
    let products: [TreeProduct]
    let expression: String
    let schedule: Schedule
    let flops: Double

    init(_ tree: ProductTree, _ dims: [Int], _ workers: Int, _ timer: TaskTimer, _ policy: SplitPolicy) {
        products = tree.flatten(dims: dims)
        expression = tree.expression
        schedule = ListScheduler.schedule(products, workers: workers, timer: timer, policy: policy)
        flops = products.reduce(0) { $0 + $1.shape.flops }
    }

    /// Renumbers products in dispatch order and attaches the estimates.
    func plan(dims: [Int], planner: PlannerKind, workers: Int, cost: CostModel) -> ChainPlan {
        var stepIndex = Array(repeating: 0, count: products.count)
        for (position, product) in schedule.dispatchOrder.enumerated() { stepIndex[product] = position }
        func renumbered(_ operand: Operand) -> Operand {
            if case .product(let i) = operand { return .product(stepIndex[i]) }
            return operand
        }
        let steps = schedule.dispatchOrder.enumerated().map { position, i in
            let product = products[i], slot = schedule.slots[i]
            return PlanStep(
                index: position, lhs: renumbered(product.lhs), rhs: renumbered(product.rhs),
                factors: product.factors,
                m: product.shape.m, k: product.shape.k, n: product.shape.n, flops: product.shape.flops,
                split: slot.split, estimatedStart: slot.start, estimatedFinish: slot.finish,
                expression: product.expression)
        }
        return ChainPlan(
            dims: dims, planner: planner, workers: workers, steps: steps, totalFlops: flops,
            estimatedSeconds: schedule.makespan, parenthesization: expression, costModel: cost)
    }
}

private func fastestCandidate(dims: [Int], workers: Int, timer: TaskTimer) -> EvaluatedTree {
    let factorCount = dims.count - 1
    var trees = [TreeBuilders.flopOptimal(dims: dims)]
    trees += ParetoTreeSearch.candidates(dims: dims, workers: workers, timer: timer)
    trees += [
        TreeBuilders.pairwise(factorCount: factorCount),
        TreeBuilders.leftDeep(factorCount: factorCount),
        TreeBuilders.rightDeep(factorCount: factorCount),
    ]
    let policies: [SplitPolicy] = workers >= 2 ? [.never, .fillIdleWorkers, .oneAtATime] : [.never]
    var seen: Set<ProductTree> = []
    var best: EvaluatedTree?
    for tree in trees where seen.insert(tree).inserted {
        for policy in policies {
            let candidate = EvaluatedTree(tree, dims, workers, timer, policy)
            guard let current = best else { best = candidate; continue }
            let faster = candidate.schedule.makespan < current.schedule.makespan
            let tiedButLighter = candidate.schedule.makespan == current.schedule.makespan
                && candidate.flops < current.flops
            if faster || tiedButLighter { best = candidate }
        }
    }
    return best!  // trees is non-empty
}
