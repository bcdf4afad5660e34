import ChainPlanning
import Testing
@testable import gemmbench_mpi

/// The default deadline a SUMMA or PDGEMM rank's watchdog is armed with (the
/// watchdog itself: DistributedProductsTests' `JobWatchdogTests`).
@Suite("progress deadline")
struct ProgressDeadlineTests {
    @Test("the default: 10 s + 8·(flops / rate + 8·elements / 1e8 B/s), BLAS at 1 GFLOP/s, other kernels at 0.05")
    func defaultFormula() {
        let n = 1500.0, flops = 2 * n * n * n, elements = 3 * n * n
        let blas = ProgressDeadline.scaledToProblem.seconds(flops: flops, elements: elements, kernel: .blas)
        #expect(abs(blas - (10 + 8 * (6.75 + 0.54))) < 1e-9, "\(blas)")
        let naive = ProgressDeadline.scaledToProblem.seconds(flops: flops, elements: elements, kernel: .naive)
        #expect(abs(naive - (10 + 8 * (135 + 0.54))) < 1e-9, "\(naive)")
        #expect(ProgressDeadline.scaledToProblem.seconds(flops: 0, elements: 0, kernel: .swift) == 10, "the floor alone")
        #expect(ProgressDeadline.seconds(2).seconds(flops: flops, elements: elements, kernel: .naive) == 2, "--task-timeout wins")
    }

    @Test("a chain's elements: every factor and every product's result")
    func chainElements() throws {
        let plan = try makePlan(dims: [2, 3, 4, 5], planner: .left, workers: 0)
        // Factors 2·3 + 3·4 + 4·5, results (2×4) and (2×5) from left to right.
        #expect(MPIChainRunner.elements(plan) == Double(6 + 12 + 20 + 8 + 10))
    }
}
