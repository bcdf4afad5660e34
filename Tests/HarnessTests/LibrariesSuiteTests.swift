@testable import Harness
import Testing

/// The libraries suite (issue 22): every library at every size, processes against
/// threads, chains on the parallel planner, within 10 minutes on 2 cores.
@Suite("libraries suite")
struct LibrariesSuiteTests {
    static func plan() throws -> (Suite, SweepPlan) {
        let suite = try Suite.load(path: "\(repositoryRoot)/Benchmarks/suites/libraries.suite")
        return (suite, try SweepPlan(suite: suite))
    }

    @Test func everyLibraryRunsProcessesAndThreadsWithItsOwnReference() throws {
        let (_, plan) = try Self.plan()
        let keys = Set(plan.configurations.map(\.key))
        for library in ["blas", "blas@blis", "blas@scipy-openblas"] {
            for n in [256, 1024, 2048, 4096] {
                for suffix in ["w0/t1", "w0/t2", "w2/t1/shm"] {
                    #expect(keys.contains("gemm/n\(n)/\(library)/\(suffix)"), "gemm/n\(n)/\(library)/\(suffix)")
                }
            }
        }
        #expect(keys.contains("gemm/n1024/blas@reference/w2/t1/shm"))
        #expect(keys.contains("gemm/n4096/swift/w0/t1"))
        // One thread only: the reference BLAS has no threads to ask for.
        #expect(!keys.contains { $0.hasPrefix("gemm/") && $0.contains("@reference/") && $0.contains("/t2") })
        for configuration in plan.configurations {
            #expect(plan.configurations.contains(configuration.reference), "\(configuration.key) has its reference")
            #expect(configuration.reference.library == configuration.library || configuration.kernel != .blas)
        }
        #expect(keys.contains("chain/skinny/parallel@blis/w2/t1/shm") && keys.contains("chain/mixed/optimal@reference/w0/t1"))
    }
}
