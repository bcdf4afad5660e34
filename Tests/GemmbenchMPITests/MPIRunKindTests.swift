import DistributedProducts
import Testing
import Vocabulary
@testable import gemmbench_mpi

/// Which layer runs each `--algorithm` word (`MPICommandLine` switches on it).
@Suite("--algorithm's layer")
struct MPIRunKindTests {
    @Test("summa and pdgemm run collectively on a process grid, tiles on ranks as they free up")
    func layers() {
        #expect(MPIRunKind(.summa) == .collective(.summa))
        #expect(MPIRunKind(.pdgemm) == .collective(.pdgemm))
        #expect(MPIRunKind(.tiles) == .tiles)
        #expect(MPIAlgorithm.allCases.filter { MPIRunKind($0) == .tiles } == [.tiles], "tiles is the only word TilesOnRanks runs")
    }
}
