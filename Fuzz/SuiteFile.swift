// libFuzzer target: the key = value file format (Sources/Harness KeyValueFile) and the two
// readers built on it, suites (`Suite.parse`) and tolerance files (`Tolerances.parse`).
//
// The input's bytes are the file's text (invalid UTF-8 becomes U+FFFD, as when a suite
// is read from disk). Any input may be refused with a FileLineError; a trap or an ASan
// report is a finding.
@testable import Harness

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSuiteFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? KeyValueFile(text: text, path: "fuzz.suite")
    if let suite = try? Suite.parse(text: text, path: "fuzz.suite") {
        // A suite that parsed must describe some work.
        check(!suite.gemmGrids.isEmpty || !suite.chainGrids.isEmpty || !suite.mpiGrids.isEmpty,
              "a suite without [gemm], [chain], [mpi] or [mpi-chain] parsed")
    }
    _ = try? Tolerances.parse(text: text, path: "fuzz.tolerances")
    return 0
}
