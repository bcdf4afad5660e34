import CheckKernels
import Platform

extension FaultInjection {
    /// Applies `corrupt-result` to a finished product so its verification must
    /// FAIL: C[0][0] += 1, or with `corrupt-result:REL[:SEED]` REL·max|C| added to
    /// the entry the seed picks (which lies in whichever worker's tile holds it).
    /// Does nothing otherwise.
    public static func corruptIfRequested(_ c: MatrixView) {
        guard current == .corruptResult, c.rows > 0, c.cols > 0 else { return }
        guard let corruption = relativeCorruption else { c[0, 0] += 1; return }
        let largest = largestMagnitude(base: c.base, rows: c.rows, cols: c.cols, rowStride: c.leadingDimension)
        let (i, j) = corruption.position(rows: c.rows, cols: c.cols)
        c[i, j] += corruption.relative * largest
    }
}
