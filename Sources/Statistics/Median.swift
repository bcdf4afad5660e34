/// The sample median: the middle value, or the mean of the two middle values
/// when the count is even. nil for no samples.
public func median(_ samples: [Double]) -> Double? {
    guard !samples.isEmpty else { return nil }
    return medianOfSorted(samples.sorted())
}

/// The median of samples already sorted ascending (not empty).
func medianOfSorted(_ sorted: [Double]) -> Double {
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
