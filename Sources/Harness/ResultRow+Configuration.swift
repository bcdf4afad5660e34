import ResultRows

extension ResultRow {
    /// A results CSV with at most one row per `BenchConfiguration`: how `compare`,
    /// `baseline` and a sweep read raw.csv and their children's output
    /// (`parseCSV(_:source:identifiedBy:)` has the rules).
    public static func parseCSV(_ text: String, source: String) throws(FileLineError) -> [ResultRow] {
        try parseCSV(text, source: source, identifiedBy: BenchConfiguration.init(row:))
    }
}
