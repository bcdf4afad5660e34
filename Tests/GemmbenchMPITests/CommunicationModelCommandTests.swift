import CommunicationCost
import DistributedProducts
import Testing
@testable import gemmbench_mpi

/// `gemmbench-mpi model`: its options and its table (the formulas: CommunicationCostTests).
@Suite("model command")
struct CommunicationModelCommandTests {
    @Test("a problem that does not fit in the nodes' memory gets a line saying so")
    func doesNotFit() {
        var small = CommunicationModel.default
        small.memoryBytesPerNode = 64 * 1024 * 1024 * 1024
        #expect(CommunicationModelCommand.table(small).contains("does not fit in 64 GiB per node"))
    }

    @Test("model options: positive numbers, nothing unknown")
    func options() throws {
        let parsed = try CommunicationModelCommand.parse(["--gflops", "2000", "--bandwidth", "12.5", "--latency", "1.5"])
        #expect(parsed.flopsPerSecond == 2e12 && parsed.bandwidthBytesPerSecond == 12.5e9 && parsed.latencySeconds == 1.5e-6)
        for bad in [["--gflops", "0"], ["--bandwidth", "-1"], ["--nodes", "4"], ["extra"],
                    // Issue 17, item 18: values that would make F, β, α or a prediction infinite.
                    ["--gflops", "1e308"], ["--gflops", "1e-300"], ["--bandwidth", "1e308"], ["--bandwidth", "1e-300"],
                    ["--memory", "1e308"], ["--latency", "1e308"], ["--panel", "9223372036854775807"]] {
            #expect(throws: MPIUsageError.self, "\(bad)") { try CommunicationModelCommand.parse(bad) }
        }
    }
}
