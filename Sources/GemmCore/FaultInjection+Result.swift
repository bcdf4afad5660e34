extension FaultInjection {
    /// Applies `corrupt-result` to a finished product (C[0][0] += 1), so its
    /// verification must FAIL; does nothing otherwise.
    public static func corruptIfRequested(_ c: MatrixView) {
        if current == .corruptResult, c.rows > 0, c.cols > 0 { c[0, 0] += 1 }
    }
}
