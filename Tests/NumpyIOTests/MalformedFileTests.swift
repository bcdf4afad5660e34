import Foundation
import Glibc
import Testing
import NumpyIO
import TestSupport

/// Every way a file can be wrong gives an error of the right kind whose one-line description
/// starts with the file's path and says what is wrong.
@Suite struct MalformedFileTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let kind: NpyError.Kind
        let phrases: [String]
        var testDescription: String { name }
    }

    static let twelveDoubles = littleEndianBytes((0..<12).map(Double.init))

    static func header(_ dict: String, version: (UInt8, UInt8) = (1, 0), data: [UInt8] = twelveDoubles) -> [UInt8] {
        npyBytes(version: version, header: dict, data: data)
    }

    static let valid = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }"

    static let cases: [Case] = [
        Case(name: "empty file", bytes: [], kind: .badMagic, phrases: ["not a .npy file", "0 bytes"]),
        Case(name: "bad magic", bytes: Array("\u{93}NUMPZ".utf8) + [1, 0, 0, 0], kind: .badMagic, phrases: ["\\x93NUMPY"]),
        Case(name: "a text file", bytes: Array("a,b,c\n1,2,3\n".utf8), kind: .badMagic, phrases: ["found \"a,b,c"]),
        Case(name: "version 4.0", bytes: [0x93] + Array("NUMPY".utf8) + [4, 0, 10, 0] + Array("{}        ".utf8),
             kind: .unsupportedVersion, phrases: ["version 4.0", "1.0, 2.0, 3.0"]),
        Case(name: "version 1.1", bytes: [0x93] + Array("NUMPY".utf8) + [1, 1, 0, 0],
             kind: .unsupportedVersion, phrases: ["version 1.1"]),
        Case(name: "ends inside the length field", bytes: [0x93] + Array("NUMPY".utf8) + [2, 0, 64],
             kind: .malformedHeader, phrases: ["header length field"]),
        Case(name: "header length past end of file", bytes: [0x93] + Array("NUMPY".utf8) + [1, 0, 0xFF, 0x7F] + Array("{'de".utf8),
             kind: .malformedHeader, phrases: ["32767", "only 4"]),
        Case(name: "absurd v2 header length", bytes: [0x93] + Array("NUMPY".utf8) + [2, 0, 0, 0, 0, 0x40],
             kind: .malformedHeader, phrases: ["exceeds"]),
        Case(name: "header missing a comma", bytes: header("{'descr': '<f8' 'fortran_order': False, 'shape': (3, 4)}"),
             kind: .malformedHeader, phrases: ["does not parse", "byte 16", "'descr': '<f8' 'fortran_order'"]),
        Case(name: "unterminated string", bytes: header("{'descr: '<f8', 'fortran_order': False, 'shape': (3, 4)}"),
             kind: .malformedHeader, phrases: ["does not parse"]),
        Case(name: "float in shape", bytes: header("{'descr': '<f8', 'fortran_order': False, 'shape': (3.0, 4)}"),
             kind: .malformedHeader, phrases: ["does not parse"]),
        Case(name: "garbage after the dict", bytes: header(valid + " x"), kind: .malformedHeader, phrases: ["end of header"]),
        Case(name: "header is a list", bytes: header("['descr', '<f8']"), kind: .malformedHeader, phrases: ["not a dict"]),
        Case(name: "missing shape", bytes: header("{'descr': '<f8', 'fortran_order': False}"),
             kind: .malformedHeader, phrases: ["lacks key 'shape'"]),
        Case(name: "extra key", bytes: header("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), 'x': 1}"),
             kind: .malformedHeader, phrases: ["unexpected key 'x'"]),
        Case(name: "duplicate key", bytes: header("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (3, 4)}"),
             kind: .malformedHeader, phrases: ["'descr' twice"]),
        Case(name: "shape is an int", bytes: header("{'descr': '<f8', 'fortran_order': False, 'shape': (12)}"),
             kind: .malformedHeader, phrases: ["'shape' is not a tuple of ints"]),
        Case(name: "fortran_order is a string", bytes: header("{'descr': '<f8', 'fortran_order': 'no', 'shape': (3, 4)}"),
             kind: .malformedHeader, phrases: ["'fortran_order' is not True or False"]),
        Case(name: "descr is a number", bytes: header("{'descr': 8, 'fortran_order': False, 'shape': (3, 4)}"),
             kind: .malformedHeader, phrases: ["'descr' is not a dtype"]),
        Case(name: "float32", bytes: header("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"),
             kind: .unsupportedDtype, phrases: ["'<f4' (float32)", "'<f8'"]),
        Case(name: "big-endian float64", bytes: header("{'descr': '>f8', 'fortran_order': False, 'shape': (3, 4), }"),
             kind: .unsupportedDtype, phrases: ["'>f8' (big-endian float64)", "astype('<f8')"]),
        Case(name: "int64", bytes: header("{'descr': '<i8', 'fortran_order': False, 'shape': (3, 4), }"),
             kind: .unsupportedDtype, phrases: ["'<i8' (int64)"]),
        // Found by fuzzing: the item size times 8 overflowed Int while naming the dtype.
        Case(name: "float of 5.4e18 bytes", bytes: header("{'descr': '<f5414380771791426900', 'fortran_order': False, 'shape': (0, 4), }"),
             kind: .unsupportedDtype, phrases: ["dtype '<f5414380771791426900' is not supported"]),
        Case(name: "complex128", bytes: header("{'descr': '<c16', 'fortran_order': False, 'shape': (3, 4), }"),
             kind: .unsupportedDtype, phrases: ["'<c16' (complex128)"]),
        Case(name: "object", bytes: header("{'descr': '|O', 'fortran_order': False, 'shape': (3, 4), }"),
             kind: .unsupportedDtype, phrases: ["'|O' (Python objects)"]),
        Case(name: "structured", bytes: header("{'descr': [('x', '<f8')], 'fortran_order': False, 'shape': (3, 4), }"),
             kind: .unsupportedDtype, phrases: ["structured dtype"]),
        Case(name: "Fortran order", bytes: header("{'descr': '<f8', 'fortran_order': True, 'shape': (3, 4), }"),
             kind: .fortranOrder, phrases: ["Fortran", "ascontiguousarray"]),
        Case(name: "1-D", bytes: header("{'descr': '<f8', 'fortran_order': False, 'shape': (12,), }"),
             kind: .notTwoDimensional, phrases: ["2-D", "(12,)", "1-D"]),
        Case(name: "3-D", bytes: header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 2), }"),
             kind: .notTwoDimensional, phrases: ["(2, 3, 2)", "3-D"]),
        Case(name: "0-D", bytes: header("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", data: littleEndianBytes([1])),
             kind: .notTwoDimensional, phrases: ["()", "0-D"]),
        Case(name: "negative dimension", bytes: header("{'descr': '<f8', 'fortran_order': False, 'shape': (-3, -4), }"),
             kind: .malformedHeader, phrases: ["negative"]),
        Case(name: "shape overflowing Int", bytes: header("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"),
             kind: .tooLarge, phrases: ["(4611686018427387904, 4)"]),
        Case(name: "truncated data", bytes: header(valid, data: Array(twelveDoubles.dropLast(8))),
             kind: .truncated, phrases: ["truncated", "(3, 4)", "96 bytes", "found 88"]),
        Case(name: "header only", bytes: header(valid, data: []),
             kind: .truncated, phrases: ["96 bytes", "found 0"]),
        Case(name: "trailing garbage", bytes: header(valid, data: twelveDoubles + Array("oops".utf8)),
             kind: .trailingBytes, phrases: ["4 unexpected bytes", "(3, 4)"]),
        Case(name: "newline in header text stays on one line", bytes: header("{'descr': '<f8',\n 'fortran_order': False,\n 'shape': (3 4)}"),
             kind: .malformedHeader, phrases: ["\\n"]),
    ]

    @Test(arguments: cases)
    func rejectsMalformedFile(_ testCase: Case) throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/bad input.npy"
            try writeFile(path, testCase.bytes)
            expectNpyError(testCase.kind, path: path, mentioning: testCase.phrases) { () throws(NpyError) in
                _ = try Npy.readHeader(path: path)
            }
            expectNpyError(testCase.kind, path: path) { () throws(NpyError) in
                _ = try Npy.read(path: path)
            }
        }
    }

    @Test func missingFile() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/absent.npy"
            expectNpyError(.io, path: path, mentioning: ["cannot open", "No such file"]) { () throws(NpyError) in
                _ = try Npy.readHeader(path: path)
            }
        }
    }

    @Test func fifoIsRefusedWithoutWaitingForAWriter() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/pipe.npy"
            #expect(mkfifo(path, 0o600) == 0)
            // Without O_NONBLOCK the open itself would wait forever for a writer.
            let start = Date()
            expectNpyError(.io, path: path, mentioning: ["not a regular file", "FIFO"]) { () throws(NpyError) in
                _ = try Npy.readHeader(path: path)
            }
            #expect(Date().timeIntervalSince(start) < 2)
        }
    }

    @Test func deviceIsNotANpyFile() {
        expectNpyError(.io, path: "/dev/zero", mentioning: ["not a regular file"]) { () throws(NpyError) in
            _ = try Npy.readHeader(path: "/dev/zero")
        }
    }

    @Test func directoryIsNotANpyFile() throws {
        try withTemporaryDirectory { directory throws in
            expectNpyError(.io, path: directory, mentioning: ["not a regular file"]) { () throws(NpyError) in
                _ = try Npy.readHeader(path: directory)
            }
        }
    }

    @Test(.enabled(if: geteuidIsNotRoot(), "root can read any file"))
    func unreadableFile() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/secret.npy"
            try writeFile(path, npyBytes(header: Self.valid, data: Self.twelveDoubles))
            #expect(chmod(path, 0) == 0)
            expectNpyError(.io, path: path, mentioning: ["Permission denied"]) { () throws(NpyError) in
                _ = try Npy.readHeader(path: path)
            }
        }
    }
}
