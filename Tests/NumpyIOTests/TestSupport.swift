import Foundation
import Glibc
import Testing
@testable import NumpyIO
import Statistics

struct TestSupportError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Builds a .npy file byte by byte: prefix for `version`, then `header` padded with spaces and
/// a newline to `alignment` (nil: no padding and no newline), then `data`.
func npyBytes(version: (UInt8, UInt8) = (1, 0), header: String, alignment: Int? = 64, utf8Header: Bool = false,
              data: [UInt8]) -> [UInt8] {
    let headerBytes = utf8Header ? Array(header.utf8) : header.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    let lengthFieldSize = version.0 == 1 ? 2 : 4
    let prefixLength = 8 + lengthFieldSize
    var paddedHeader = headerBytes
    if let alignment {
        let unpadded = prefixLength + headerBytes.count + 1
        paddedHeader += [UInt8](repeating: UInt8(ascii: " "), count: (alignment - unpadded % alignment) % alignment)
        paddedHeader.append(UInt8(ascii: "\n"))
    }
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version.0, version.1]
    for index in 0..<lengthFieldSize { bytes.append(UInt8(truncatingIfNeeded: paddedHeader.count >> (8 * index))) }
    return bytes + paddedHeader + data
}

/// Little-endian bytes of the doubles, as numpy stores '<f8'.
func littleEndianBytes(_ values: [Double]) -> [UInt8] {
    values.flatMap { value in (0..<8).map { UInt8(truncatingIfNeeded: value.bitPattern.littleEndian >> (8 * $0)) } }
}

func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

func readFileBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Names in `directory`, sorted (hidden files included: that is where temporaries would hide).
func directoryListing(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
}

/// Values that exercise every part of a double's bit pattern: signs, zero and negative zero,
/// subnormals, infinities, a NaN payload, and seeded pseudo-random bit patterns.
func awkwardValues(count: Int, seed: UInt64) -> [Double] {
    let specials: [Double] = [0, -0.0, 1, -1, .pi, .leastNonzeroMagnitude, -.leastNormalMagnitude, .greatestFiniteMagnitude,
                              .infinity, -.infinity, Double(bitPattern: 0x7FF8_0000_0000_1234), 1e-300, 123456789.125]
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { index in
        if index < specials.count { return specials[index] }
        // SplitMix64: deterministic, any bit pattern (finite or not) can appear.
        return Double(bitPattern: generator.next())
    }
}

/// Exact equality of two sequences of doubles, bit for bit (so NaN payloads and -0.0 count).
func sameBits(_ a: some Sequence<Double>, _ b: some Sequence<Double>) -> Bool {
    a.map(\.bitPattern) == b.map(\.bitPattern)
}

/// Runs `python3 -c script arguments…`; returns stdout, throws with stderr on a non-zero exit.
func runPython(_ script: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw TestSupportError("python3 exited \(process.terminationStatus): \(String(decoding: errorData, as: UTF8.self))")
    }
    return String(decoding: outputData, as: UTF8.self)
}

/// Asserts `body` throws an `NpyError` of `kind` whose one-line description starts with `path`
/// and contains every phrase.
func expectNpyError(_ kind: NpyError.Kind, path: String, mentioning phrases: [String] = [],
                    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(NpyError) -> Void) {
    do {
        try body()
        Issue.record("expected a \(kind) error for \(path), got none", sourceLocation: sourceLocation)
    } catch {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        #expect(error.path == path, sourceLocation: sourceLocation)
        #expect(error.description.hasPrefix(path + ": "), "\(error)", sourceLocation: sourceLocation)
        #expect(!error.description.contains("\n"), "\(error)", sourceLocation: sourceLocation)
        for phrase in phrases {
            #expect(error.description.contains(phrase), "\(error) should mention \(phrase)", sourceLocation: sourceLocation)
        }
    }
}

/// Permission checks are meaningless for root, which bypasses them.
func geteuidIsNotRoot() -> Bool { geteuid() != 0 }
