import Testing
@testable import CommunicationCost

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
    }
}
