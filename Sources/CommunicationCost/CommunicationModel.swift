import Glibc
import Vocabulary

/// A paper plan for C = A·B (all n×n) on many nodes: how many words each node
/// receives under SUMMA, 2.5D and COSMA, and the time a latency–bandwidth
/// model predicts. Formulas (N nodes, b the panel width, M words of memory
/// per node, F flop/s per node, α seconds per message, β bytes per second):
///
///     compute      T_c = 2n³ / (N·F)
///     SUMMA        P×Q = N (most square); W = n²/P·(Q−1)/Q + n²/Q·(P−1)/P
///                  S = (n/b)·(⌈log₂P⌉ + ⌈log₂Q⌉)
///     2.5D         c layers, each an s×s SUMMA (s = √(N/c)) over k/c, after
///                  replicating A and B to every layer and before reducing C:
///                  W = 2·(n/s)·(n/c)·(s−1)/s + 3(c−1)·n²/N
///                  S = (n/(c·b))·2⌈log₂s⌉ + 3⌈log₂c⌉
///                  c: the power of 4 (c³ ≤ N, N/c a square, 3c·8n²/N bytes
///                  fitting in M) with the smallest T; c = 1 is SUMMA.
///     COSMA        the lower bound it attains to leading order (Kwasniewski et
///                  al., SC'19): the larger of the memory-dependent 2n³/(N√M)
///                  and the memory-independent 3(n³/N)^{2/3} (Al Daas et al.,
///                  2022), less the 3n²/N words a node already holds:
///                  W = max(2n³/(N√M), 3(n³/N)^{2/3}) − 3n²/N
///                  S = ((n³/N)^{1/3}/b)·2⌈log₂N^{1/3}⌉
///     time         T = T_c + S·α + 8W/β   (nothing overlapped: an upper bound)
///
/// A problem whose three matrices do not fit in the nodes' memory
/// (3·8n²/N > M bytes) gets no prediction.
public struct CommunicationModel: Sendable {
    public var flopsPerSecond: Double
    public var latencySeconds: Double
    public var bandwidthBytesPerSecond: Double
    public var memoryBytesPerNode: Double
    public var panelWidth: Double

    /// 100 GFLOP/s: one node = this 2-core machine (2 worker processes at
    /// n = 2048 measured about 100 GFLOP/s). 25 GB/s and 2 µs: an HDR
    /// InfiniBand-class interconnect. 256 GiB: a common HPC node. 256-wide panels.
    public static let `default` = CommunicationModel(
        flopsPerSecond: 100e9, latencySeconds: 2e-6, bandwidthBytesPerSecond: 25e9,
        memoryBytesPerNode: 256 * 1024 * 1024 * 1024, panelWidth: 256)

    public static let nodeCounts = [16, 64, 256, 1024]
    public static let sizes = [32768, 65536, 131072, 262144]

    public enum Algorithm: String, CaseIterable, Sendable {
        case summa = "SUMMA", twoPointFiveD = "2.5D", cosma = "COSMA"
    }

    public struct Prediction: Sendable, Equatable {
        /// Words (doubles) each node receives.
        public let words: Double
        /// Messages on the critical path.
        public let messages: Double
        /// 2.5D's replication factor c (1 for the others).
        public let layers: Int
        public let computeSeconds: Double
        public let seconds: Double
    }

    public init(flopsPerSecond: Double, latencySeconds: Double, bandwidthBytesPerSecond: Double,
                memoryBytesPerNode: Double, panelWidth: Double) {
        self.flopsPerSecond = flopsPerSecond
        self.latencySeconds = latencySeconds
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
        self.memoryBytesPerNode = memoryBytesPerNode
        self.panelWidth = panelWidth
    }

    /// nil when A, B and C do not fit in the nodes' memory.
    public func predict(_ algorithm: Algorithm, n: Int, nodes: Int) -> Prediction? {
        let size = Double(n), count = Double(nodes)
        let square = size * size
        guard 3 * 8 * square / count <= memoryBytesPerNode else { return nil }
        let compute = 2 * size * square / (count * flopsPerSecond)
        let words: Double, messages: Double
        var layers = 1
        switch algorithm {
        case .summa:
            let grid = ProcessGrid.mostSquare(nodes)
            let p = Double(grid.rows), q = Double(grid.cols)
            words = square / p * (q - 1) / q + square / q * (p - 1) / p
            messages = (size / panelWidth) * (log2Ceiling(grid.rows) + log2Ceiling(grid.cols))
        case .twoPointFiveD:
            let best = replicationCandidates(n: n, nodes: nodes)
                .map { layeredCost(n: n, nodes: nodes, layers: $0) }
                .min { $0.words * 8 / bandwidthBytesPerSecond + $0.messages * latencySeconds
                        < $1.words * 8 / bandwidthBytesPerSecond + $1.messages * latencySeconds }!
            (words, messages, layers) = best
        case .cosma:
            let memoryWords = memoryBytesPerNode / 8
            let cube = size * square / count
            words = max(2 * size * square / (count * memoryWords.squareRoot()), 3 * pow(cube, 2.0 / 3.0))
                - 3 * square / count
            messages = (pow(cube, 1.0 / 3.0) / panelWidth) * 2 * log2Ceiling(Int(pow(count, 1.0 / 3.0).rounded(.up)))
        }
        let seconds = compute + messages * latencySeconds + 8 * words / bandwidthBytesPerSecond
        return Prediction(words: words, messages: messages, layers: layers, computeSeconds: compute, seconds: seconds)
    }

    /// 2.5D's possible c: powers of 4 with c³ ≤ N, N/c a whole square, and
    /// 3c·8n²/N bytes of replicated blocks fitting in a node's memory; 1 always.
    func replicationCandidates(n: Int, nodes: Int) -> [Int] {
        var candidates = [1]
        var c = 4
        while c * c * c <= nodes {
            let side = Int(Double(nodes / c).squareRoot().rounded())
            let fits = 3 * Double(c) * 8 * Double(n) * Double(n) / Double(nodes) <= memoryBytesPerNode
            if nodes % c == 0 && side * side == nodes / c && fits { candidates.append(c) }
            c *= 4
        }
        return candidates
    }

    /// 2.5D's words and messages with `layers` = c (see the type's comment).
    func layeredCost(n: Int, nodes: Int, layers: Int) -> (words: Double, messages: Double, layers: Int) {
        let size = Double(n), c = Double(layers)
        let side = (Double(nodes) / c).squareRoot()
        let words = 2 * (size / side) * (size / c) * (side - 1) / side + 3 * (c - 1) * size * size / Double(nodes)
        let messages = (size / (c * panelWidth)) * 2 * log2Ceiling(Int(side.rounded())) + 3 * log2Ceiling(layers)
        return (words, messages, layers)
    }
}

/// ⌈log₂ x⌉ for x ≥ 1 (0 for 1): hops of a binomial-tree broadcast over x members.
func log2Ceiling(_ x: Int) -> Double {
    var hops = 0, reach = 1
    while reach < x { reach *= 2; hops += 1 }
    return Double(hops)
}
