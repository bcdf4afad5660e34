import Vocabulary

/// Where `value` sits in its enum's declaration order (the order tables and
/// sweeps list kernels, planners and transports in), or `missing` for nil.
func caseOrder<Choice: CaseIterable & Equatable>(_ value: Choice?, missing: Int) -> Int {
    guard let value else { return missing }
    return Array(Choice.allCases).firstIndex(of: value) ?? missing
}
