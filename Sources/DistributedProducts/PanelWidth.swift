import Vocabulary

/// How wide SUMMA's panels are: the cost model behind `--algorithm summa`.
///
/// SUMMA runs ⌈k / w⌉ steps; each broadcasts an m_I×w panel of A along the
/// process row and a w×n_J panel of B down the column, then multiplies them.
/// With the next panel's broadcast overlapping this step's product (double
/// buffering), what is not hidden is
///
///     T(w) = (k / w) · α  +  8 · w · (m_I + n_J) / β
///
/// — a fixed cost α per step (message latency, the dgemm call, the node
/// barrier) plus the first panel, which nothing overlaps. T is smallest at
///
///     w* = √(α · β · k / (8 · (m_I + n_J)))
///
/// clamped to [minimumWidth, k]: each panel is one dgemm call that reads and
/// writes the rank's rows of C once, so a narrow panel spends its time on C
/// instead of on multiply-adds. With no communication at all
/// (a 1×1 grid) the whole k is one panel.
public struct PanelCostModel: Sendable {
    /// α: seconds of fixed cost per SUMMA step.
    public var stepSeconds: Double
    /// β: bytes per second one panel broadcast moves.
    public var bandwidthBytesPerSecond: Double
    /// Narrowest panel: OpenBLAS's x86-64 dgemm packs k in blocks of about this
    /// depth (GEMM_Q = 256 on Haswell), so a narrower panel runs its kernel short.
    public var minimumWidth: Int

    /// TCP over loopback or a 10–25 Gb/s link: ≈ 30 µs per step (latency plus
    /// the call), ≈ 2 GB/s per broadcast. Estimates, not measurements: w* moves
    /// only with the square root of either.
    public static let `default` = PanelCostModel(stepSeconds: 30e-6, bandwidthBytesPerSecond: 2e9, minimumWidth: 256)

    public init(stepSeconds: Double, bandwidthBytesPerSecond: Double, minimumWidth: Int) {
        self.stepSeconds = stepSeconds
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
        self.minimumWidth = minimumWidth
    }

    /// w for a block of m_I rows and n_J columns on `grid`, inner dimension `k`.
    public func width(k: Int, blockRows: Int, blockCols: Int, grid: ProcessGrid) -> Int {
        guard k > 0 else { return 1 }
        if grid.count == 1 { return k }
        let edge = Double(max(blockRows + blockCols, 1))
        let best = (stepSeconds * bandwidthBytesPerSecond * Double(k) / (8 * edge)).squareRoot()
        return min(k, max(minimumWidth, Int(best.rounded())))
    }
}
