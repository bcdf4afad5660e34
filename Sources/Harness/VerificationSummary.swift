import NumberFormatting
import ResultRows
import Vocabulary

/// The sweep's account of its checks: the weakest detection limit among its
/// rows, and what the checks cost beside the products they verified
/// (`check_s` ÷ `median_s`), for gemm at n ≥ 1024 and for each chain preset.
/// Empty when no row carries `check_s` (children older than the check).
func renderVerificationSummary(_ rows: [ResultRow]) -> String {
    let checked = rows.filter { $0.checkSeconds != nil && $0.medianSeconds > 0 }
    guard !checked.isEmpty else { return "" }
    func share(_ row: ResultRow) -> Double { 100 * row.checkSeconds! / row.medianSeconds }
    func range(_ rows: [ResultRow]) -> String {
        let shares = rows.map(share).sorted()
        return "\(formatFixed(shares[shares.count / 2], decimals: 1))% median, \(formatFixed(shares.last!, decimals: 1))% at most"
    }
    var lines = ["", "verification: every product checked (docs/contracts.md, \"Verification\")"]
    let limits = checked.compactMap(\.detectionLimit)
    if let weakest = limits.max() {
        lines.append("  detection limit: every row flags a one-entry error ≥ \(formatScientific(weakest, digits: 2))·max|Y| (the weakest row's)")
    }
    let largeGemm = checked.filter { $0.op == .gemm && min($0.m ?? 0, $0.k ?? 0, $0.n ?? 0) >= 1024 }
    if !largeGemm.isEmpty {
        lines.append("  check time ÷ product time, gemm n ≥ 1024: \(range(largeGemm)) (\(largeGemm.count) rows)")
    }
    let chains = checked.filter { $0.op == .chain }
    for preset in Array(Set(chains.map { $0.preset ?? "" })).sorted() {
        let presetRows = chains.filter { ($0.preset ?? "") == preset }
        lines.append("  check time ÷ product time, chain \(preset.isEmpty ? "(dims)" : preset): \(range(presetRows)) (\(presetRows.count) rows)")
    }
    return lines.joined(separator: "\n") + "\n"
}
