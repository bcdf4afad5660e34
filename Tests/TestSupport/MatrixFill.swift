import GemmCore

extension MatrixView {
    /// Sets every element of the view (and nothing outside it) to `value`: sentinels
    /// and NaN-poisoned outputs for tests. The product code never needs it.
    public func fill(_ value: Double) {
        for i in 0..<rows { row(i).update(repeating: value, count: cols) }
    }
}
