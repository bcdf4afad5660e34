// libFuzzer target: the CSV reader `compare` and `sweep` use (Sources/ResultRows `CSV.parse`
// and Harness's `ResultRow.parseCSV`, which reads raw.csv and `--csv` output).
//
// Besides "never trap", two round trips must hold for any input the readers accept:
//   CSV.parse(CSV.document(records)) == records   (records of more than one field, or a
//                                                  non-empty one: a lone empty field is
//                                                  written as a blank line, which is skipped)
//   csvDocument(parseCSV(csvDocument(rows))) == csvDocument(rows)
@testable import Harness
@testable import ResultRows

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResultCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)

    if let records = try? CSV.parse(text, source: "fuzz.csv") {
        let writable = records.filter { $0 != [""] }
        let document = CSV.document(header: writable.first ?? [], records: Array(writable.dropFirst()))
        do {
            let reread = try CSV.parse(document, source: "rewritten.csv")
            check(reread == (writable.isEmpty ? [] : writable),
                  "CSV round trip changed the records: \(writable) became \(reread)")
        } catch {
            fatalError("CSV.parse refused what CSV.document wrote: \(error)")
        }
    }

    if let rows = try? ResultRow.parseCSV(text, source: "fuzz.csv") {
        let document = ResultRow.csvDocument(rows)
        do {
            let reread = try ResultRow.parseCSV(document, source: "rewritten.csv")
            check(ResultRow.csvDocument(reread) == document, "ResultRow CSV round trip is not stable")
        } catch {
            fatalError("parseCSV refused what csvDocument wrote: \(error)")
        }
    }
    return 0
}
