import Testing
@testable import MPIExecution

/// The paper plan's formulas (`gemmbench-mpi model`).
@Suite("Communication model")
struct CommunicationModelTests {
    let model = CommunicationModel.default

    @Test("SUMMA on a 4x4 grid receives 2·(n²/4)·(3/4) words per node")
    func summaVolume() throws {
        let n = 32768
        let prediction = try #require(model.predict(.summa, n: n, nodes: 16))
        #expect(prediction.words == 2 * Double(n * n) / 4 * 3 / 4)
        // 128 panels, each a broadcast of ⌈log₂4⌉ = 2 hops along the row and 2 down the column.
        #expect(prediction.messages == Double(n / 256) * 4)
        let expected = prediction.computeSeconds + prediction.messages * 2e-6 + 8 * prediction.words / 25e9
        #expect(abs(prediction.seconds - expected) <= 1e-9 * expected)
    }

    @Test("2.5D with one layer is SUMMA; it never predicts slower than SUMMA; COSMA never moves more")
    func orderingOfAlgorithms() throws {
        for n in CommunicationModel.sizes {
            for nodes in CommunicationModel.nodeCounts {
                let summa = try #require(model.predict(.summa, n: n, nodes: nodes))
                let layered = try #require(model.predict(.twoPointFiveD, n: n, nodes: nodes))
                let cosma = try #require(model.predict(.cosma, n: n, nodes: nodes))
                let oneLayer = model.layeredCost(n: n, nodes: nodes, layers: 1)
                #expect(abs(oneLayer.words - summa.words) <= 1e-9 * summa.words, "n \(n) N \(nodes)")
                #expect(layered.seconds <= summa.seconds * (1 + 1e-12), "n \(n) N \(nodes)")
                #expect(cosma.words < summa.words, "n \(n) N \(nodes)")
            }
        }
    }

    @Test("more layers only where c³ ≤ N, N/c is a square and the copies fit in memory")
    func replicationCandidates() {
        #expect(model.replicationCandidates(n: 32768, nodes: 16) == [1])
        #expect(model.replicationCandidates(n: 32768, nodes: 64) == [1, 4])
        #expect(model.replicationCandidates(n: 32768, nodes: 1024) == [1, 4])
        var small = model
        small.memoryBytesPerNode = 8 * 1024 * 1024 * 1024
        // 4 layers of n = 262144 on 1024 nodes need 3·4·8·n²/1024 = 6 GiB: fits in 8; on 256 nodes 24 GiB: not.
        #expect(small.replicationCandidates(n: 262144, nodes: 1024) == [1, 4])
        #expect(small.replicationCandidates(n: 262144, nodes: 256) == [1])
    }

    @Test("a problem that does not fit in the nodes' memory gets no prediction")
    func doesNotFit() {
        var small = model
        small.memoryBytesPerNode = 64 * 1024 * 1024 * 1024
        // 3 · 8 · 262144² / 16 bytes = 96 GiB per node.
        #expect(small.predict(.summa, n: 262144, nodes: 16) == nil)
        #expect(small.predict(.summa, n: 262144, nodes: 64) != nil)
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
