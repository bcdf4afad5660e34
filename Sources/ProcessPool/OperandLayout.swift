/// Where one matrix operand of a task lives in the arena: `rows × cols` doubles,
/// row i starting at byte `offset + 8·i·leadingDimension`.
public struct OperandLayout: Equatable, Sendable {
    public var offset: Int
    public var rows: Int
    public var cols: Int
    public var leadingDimension: Int

    public init(offset: Int, rows: Int, cols: Int, leadingDimension: Int) {
        self.offset = offset
        self.rows = rows
        self.cols = cols
        self.leadingDimension = leadingDimension
    }

    /// Bytes from `offset` to one past the last element; nil on overflow.
    /// An empty operand spans nothing.
    var span: Int? {
        guard rows > 0 && cols > 0 else { return 0 }
        let (rowsBefore, o1) = (rows - 1).multipliedReportingOverflow(by: leadingDimension)
        let (elements, o2) = rowsBefore.addingReportingOverflow(cols)
        let (bytes, o3) = elements.multipliedReportingOverflow(by: 8)
        return o1 || o2 || o3 ? nil : bytes
    }

    /// Why this operand may not be touched in an arena of `capacity` bytes, or nil when it may.
    func problem(named name: String, capacity: Int) -> RecordError? {
        if rows < 0 || cols < 0 { return .negativeDimension(name) }
        if leadingDimension < max(cols, 1) { return .leadingDimensionTooSmall(name, leadingDimension, cols) }
        if leadingDimension > Int(Int32.max) { return .beyondBLASRange("operand \(name) leading dimension", leadingDimension) }
        if offset < 0 || offset % 8 != 0 { return .misaligned(name, offset) }
        guard let span else { return .outOfBounds(name) }
        let (end, overflow) = offset.addingReportingOverflow(span)
        if overflow || end > capacity { return .outOfBounds(name) }
        return nil
    }
}
