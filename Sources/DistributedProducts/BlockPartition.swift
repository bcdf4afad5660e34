/// `total` indices cut into `parts` consecutive ranges whose lengths differ by
/// at most one (the first `total % parts` ranges are one longer). Part i is
/// [start(i), start(i+1)) with start(i) = i·⌊total/parts⌋ + min(i, total mod parts).
public struct BlockPartition: Equatable, Sendable {
    public let total: Int
    public let parts: Int

    public init(total: Int, parts: Int) {
        precondition(total >= 0 && parts >= 1, "cannot cut \(total) into \(parts) parts")
        self.total = total
        self.parts = parts
    }

    public func start(_ part: Int) -> Int {
        precondition(part >= 0 && part <= parts, "part \(part) of \(parts)")
        return part * (total / parts) + min(part, total % parts)
    }

    public func range(_ part: Int) -> Range<Int> { start(part) ..< start(part + 1) }
    public func count(_ part: Int) -> Int { range(part).count }

    /// The part that holds `index` (0 ≤ index < total).
    public func part(containing index: Int) -> Int {
        precondition(index >= 0 && index < total, "index \(index) outside 0..<\(total)")
        let base = total / parts, extra = total % parts
        let longCovered = extra * (base + 1)
        if index < longCovered { return index / (base + 1) }
        return extra + (index - longCovered) / base
    }
}
