/// Fills every row's `speedup` = median of its reference configuration's row
/// (see `BenchConfiguration.reference`) ÷ its own median, rounded to 4 decimals.
/// Left empty when the row or its reference FAILed verification (a wrong answer
/// is never reported as a speed) or the reference was not measured.
func fillSpeedups(_ rows: [ResultRow]) -> [ResultRow] {
    var referenceMedian: [BenchConfiguration: Double] = [:]
    for row in rows where row.verdict == "PASS" {
        if let configuration = BenchConfiguration(row: row), configuration.isReference {
            referenceMedian[configuration] = row.medianSeconds
        }
    }
    return rows.map { row in
        var row = row
        row.speedup = nil
        if row.verdict == "PASS", row.medianSeconds > 0,
           let configuration = BenchConfiguration(row: row),
           let reference = referenceMedian[configuration.reference] {
            row.speedup = rounded(reference / row.medianSeconds, decimals: 4)
        }
        return row
    }
}
