extension ResultRow {
    /// A CSV document of `rows` under `columns`: what raw.csv and `--csv` print,
    /// gemmbench's and gemmbench-mpi's alike. With `includeSamples`, a last column
    /// `samples_s` holds every timed run, space-separated (what a sweep's child
    /// prints for `--samples`).
    public static func csvDocument(_ rows: [ResultRow], includeSamples: Bool = false) -> String {
        let written = includeSamples ? ResultColumn.written + [ResultColumn.samples] : ResultColumn.written
        return CSV.document(header: written.map(\.name), records: rows.map { row in written.map { $0.write(row) } })
    }

    /// Reads rows written by `csvDocument` (raw.csv, or a `--csv` run's output).
    /// Columns are found by name in the header; extension columns (`preset` and
    /// after) may be missing, the contract's first twenty may not; unknown
    /// columns are ignored; `samples_s` is read when present.
    ///
    /// Refused, so that nothing corrupt is compared or recorded (docs/contracts.md,
    /// "Input files"): a number that is NaN or infinite (except `residual` `inf`
    /// on a `FAIL` row, the documented r = ∞), a cell that a spreadsheet would
    /// run as a formula (`CSVCellRule`), and a second row with the same
    /// `identity` (whichever a reader kept, the other would be lost silently;
    /// rows whose identity is nil are not compared). Errors name `source` and the line.
    public static func parseCSV<Identity: Hashable & CustomStringConvertible>(
        _ text: String, source: String, identifiedBy identity: (ResultRow) -> Identity?
    ) throws(FileLineError) -> [ResultRow] {
        let records = try CSV.parse(text, source: source)
        guard let header = records.first else {
            throw FileLineError(file: source, line: nil, message: "is empty (expected a CSV header)")
        }
        var position: [String: Int] = [:]
        for (index, name) in header.enumerated() where position[name] == nil { position[name] = index }
        if let missing = ResultColumn.core.first(where: { position[$0.name] == nil }) {
            throw FileLineError(file: source, line: 1, message: "header has no '\(missing.name)' column")
        }
        var rows: [ResultRow] = []
        var firstLine: [Identity: Int] = [:]
        for (offset, fields) in records.dropFirst().enumerated() {
            let line = offset + 2
            try CSVCellRule.check(fields, header: header, source: source, line: line)
            let row = try row(from: ResultRecord(fields: fields, position: position, source: source, line: line))
            if let key = identity(row) {
                if let first = firstLine[key] {
                    throw FileLineError(file: source, line: line,
                                        message: "a second row for \(key) (the first is on line \(first))")
                }
                firstLine[key] = line
            }
            rows.append(row)
        }
        return rows
    }

    /// Every column's reader in header order, `samples_s` last. Columns missing
    /// from the header read as empty cells.
    static func row(from record: ResultRecord) throws(FileLineError) -> ResultRow {
        // Every core column's reader sets its field or throws, so none of these placeholders survives.
        var row = ResultRow(op: .gemm, workers: 0, threads: 0, reps: 0, medianSeconds: 0, minSeconds: 0,
                            maxSeconds: 0, gflops: 0, residual: 0, verdict: .pass, blasCore: "")
        for column in ResultColumn.written + [ResultColumn.samples] {
            try column.read(&row, ResultCell(record: record, column: column.name))
        }
        return row
    }
}
