import Testing
@testable import ChainPlanning
import Vocabulary

/// The `.oneAtATime` policy: what a threaded BLAS does inside each call.
@Suite("one product at a time, split across the workers")
struct OneAtATimeTests {
    @Test("products never overlap, and each large product is cut into P tiles", arguments: [2, 3, 4])
    func productsRunAlone(workers: Int) throws {
        let dims = try #require(ChainPreset.named("mixed")).dims
        let products = TreeBuilders.flopOptimal(dims: dims).flatten(dims: dims)
        let timer = TaskTimer(model: .nominal, workers: workers)
        let schedule = ListScheduler.schedule(products, workers: workers, timer: timer, policy: .oneAtATime)
        let slots = schedule.dispatchOrder.map { schedule.slots[$0] }
        for (earlier, later) in zip(slots, slots.dropFirst()) {
            #expect(later.start >= earlier.finish, "two products overlap: \(earlier) and \(later)")
        }
        // Every product of `mixed` has m·n far above P tiles' worth, so each is split P ways.
        for slot in slots { #expect(slot.split.tileCount == workers, "\(slot.split)") }
    }

    @Test("the parallel planner considers it: its estimate is never above one-at-a-time's on the flop-optimal tree")
    func plannerConsidersIt() throws {
        for preset in ChainPreset.all {
            let products = TreeBuilders.flopOptimal(dims: preset.dims).flatten(dims: preset.dims)
            let timer = TaskTimer(model: .nominal, workers: 2)
            let alone = ListScheduler.schedule(products, workers: 2, timer: timer, policy: .oneAtATime)
            let plan = try makePlan(dims: preset.dims, planner: .parallel, workers: 2)
            #expect(plan.estimatedSeconds <= alone.makespan, "\(preset.name)")
        }
    }
}
