import Vocabulary

extension ResultRow {
    /// A CSV document of `rows` under `columns`: what raw.csv and `--csv` print.
    /// With `includeSamples`, a last column `samples_s` holds every timed run,
    /// space-separated (what a sweep's child prints for `--samples`).
    public static func csvDocument(_ rows: [ResultRow], includeSamples: Bool = false) -> String {
        guard includeSamples else { return CSV.document(header: columns, records: rows.map(\.cells)) }
        return CSV.document(header: columns + [samplesColumn], records: rows.map { row in
            row.cells + [(row.samples ?? []).map { "\($0)" }.joined(separator: " ")]
        })
    }

    /// Reads rows written by `csvDocument` (raw.csv, or a `--csv` run's output).
    /// Columns are found by name in the header; extension columns (`preset` and
    /// after) may be missing, the contract's first twenty may not; unknown
    /// columns are ignored; `samples_s` is read when present.
    ///
    /// Refused, so that nothing corrupt is compared or recorded (docs/contracts.md,
    /// "Input files"): a number that is NaN or infinite (except `residual` `inf`
    /// on a `FAIL` row, the documented r = ∞), a cell that a spreadsheet would
    /// run as a formula (`CSVCellRule`), and a second row for one configuration.
    /// Errors name `source` and the line.
    public static func parseCSV(_ text: String, source: String) throws(FileLineError) -> [ResultRow] {
        let records = try CSV.parse(text, source: source)
        guard let header = records.first else {
            throw FileLineError(file: source, line: nil, message: "is empty (expected a CSV header)")
        }
        var position: [String: Int] = [:]
        for (index, name) in header.enumerated() where position[name] == nil { position[name] = index }
        // Extension columns: older files and other writers may lack them.
        let optional = Set(columns[columns.firstIndex(of: "preset")!...])
        if let missing = columns.first(where: { position[$0] == nil && !optional.contains($0) }) {
            throw FileLineError(file: source, line: 1, message: "header has no '\(missing)' column")
        }
        var rows: [ResultRow] = []
        var firstLine: [BenchConfiguration: Int] = [:]
        for (offset, record) in records.dropFirst().enumerated() {
            let line = offset + 2
            try CSVCellRule.check(record, header: header, source: source, line: line)
            let row = try row(from: record, position: position, source: source, line: line)
            // Two rows for one configuration: whichever a reader kept, the other was lost silently.
            if let configuration = BenchConfiguration(row: row) {
                if let first = firstLine[configuration] {
                    throw FileLineError(file: source, line: line,
                                        message: "a second row for \(configuration.key) (the first is on line \(first))")
                }
                firstLine[configuration] = line
            }
            rows.append(row)
        }
        return rows
    }

    private static func row(from record: [String], position: [String: Int],
                            source: String, line: Int) throws(FileLineError) -> ResultRow {
        func cell(_ name: String) -> String {
            guard let index = position[name], index < record.count else { return "" }
            return record[index]
        }
        func fail(_ name: String, _ expected: String) -> FileLineError {
            FileLineError(file: source, line: line,
                          message: "column '\(name)' is \(quotedInput(cell(name))), expected \(expected)")
        }
        func optionalInt(_ name: String) throws(FileLineError) -> Int? {
            let text = cell(name)
            if text.isEmpty { return nil }
            guard let value = Int(text) else { throw fail(name, "an integer") }
            return value
        }
        func int(_ name: String) throws(FileLineError) -> Int {
            guard let value = try optionalInt(name) else { throw fail(name, "an integer") }
            return value
        }
        func optionalReal(_ name: String) throws(FileLineError) -> Double? {
            let text = cell(name)
            if text.isEmpty { return nil }
            guard let value = Double(text) else { throw fail(name, "a number") }
            guard value.isFinite else { throw fail(name, "a finite number") }
            return value
        }
        func real(_ name: String) throws(FileLineError) -> Double {
            guard let value = try optionalReal(name) else { throw fail(name, "a number") }
            return value
        }
        func text(_ name: String) -> String? { cell(name).isEmpty ? nil : cell(name) }

        var dims: [Int]? = nil
        if let dimsText = text("dims") {
            let parts = dimsText.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
            guard !parts.contains(nil) else { throw fail("dims", "integers joined by 'x'") }
            dims = parts.map { $0! }
        }
        /// A column holding one of a Vocabulary enum's names, or empty (nil).
        func optionalChoice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws(FileLineError) -> T?
        where T.RawValue == String {
            guard let text = text(name) else { return nil }
            guard let value = T(rawValue: text) else { throw fail(name, choiceList(T.allCases)) }
            return value
        }
        func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws(FileLineError) -> T
        where T.RawValue == String {
            guard let value = try optionalChoice(name, type) else { throw fail(name, choiceList(T.allCases)) }
            return value
        }
        var noisy: Bool? = nil
        switch cell("noisy") {
        case "": break
        case "yes": noisy = true
        case "no": noisy = false
        default: throw fail("noisy", "'yes', 'no' or empty")
        }
        var samples: [Double]? = nil
        if let samplesText = text(samplesColumn) {
            let parsed = samplesText.split(separator: " ").map { Double($0) }
            guard !parsed.contains(where: { $0 == nil || !$0!.isFinite }) else {
                throw fail(samplesColumn, "finite numbers separated by spaces")
            }
            samples = parsed.map { $0! }
        }
        let verdict = try choice("verdict", Verdict.self)
        // r = ∞ is how a NaN or infinity in the product is reported (docs/contracts.md,
        // "Verification"); it can only stand beside FAIL.
        let residual = verdict == .fail && cell("residual") == "\(Double.infinity)" ? Double.infinity : try real("residual")
        var preset: String? = nil
        if let name = text("preset") {
            guard ChainPreset.named(name) != nil else { throw fail("preset", "one of \(ChainPreset.names) or empty") }
            preset = name
        }
        var row = ResultRow(
            op: try choice("op", Op.self), m: try optionalInt("m"), k: try optionalInt("k"), n: try optionalInt("n"),
            dims: dims, kernel: try optionalChoice("kernel", Kernel.self), workers: try int("workers"), threads: try int("threads"),
            transport: try optionalChoice("transport", Transport.self), split: text("split"), planner: try optionalChoice("planner", PlannerKind.self),
            reps: try int("reps"), medianSeconds: try real("median_s"), minSeconds: try real("min_s"),
            maxSeconds: try real("max_s"), gflops: try real("gflops"), speedup: try optionalReal("speedup"),
            residual: residual, verdict: verdict, blasCore: cell("blas_core"),
            preset: preset)
        row.rounds = try optionalInt("rounds")
        row.ciLowSeconds = try optionalReal("ci_lo_s")
        row.ciHighSeconds = try optionalReal("ci_hi_s")
        row.speedupLow = try optionalReal("speedup_lo")
        row.speedupHigh = try optionalReal("speedup_hi")
        row.efficiency = try optionalReal("efficiency")
        row.percentOfPeak = try optionalReal("pct_peak")
        row.noisy = noisy
        row.stealPercent = try optionalReal("steal_pct")
        row.coreRoundTripNs = try optionalReal("core_rt_ns")
        row.detectionLimit = try optionalReal("detect_rel")
        row.checkSeconds = try optionalReal("check_s")
        row.bind = text("bind")
        row.blasLibrary = text("blas_library")
        row.blasVersion = text("blas_version")
        row.samples = samples
        row.backend = text("backend")
        row.ranks = try optionalInt("ranks")
        row.nodes = try optionalInt("nodes")
        row.grid = text("grid")
        row.algorithm = text("algorithm")
        row.nodeSplit = text("node_split")
        switch cell("grid_given") {
        case "": row.gridGiven = nil
        case "yes": row.gridGiven = true
        default: throw fail("grid_given", "'yes' or empty")
        }
        switch cell("auto") {
        case "": row.auto = nil
        case "yes": row.auto = true
        default: throw fail("auto", "'yes' or empty")
        }
        return row
    }
}
