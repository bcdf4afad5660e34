import Testing
@testable import NumpyIO
import TestSupport

/// Hand-built files in every header variant numpy's reader accepts for a 2×3 float64 array.
@Suite struct HeaderFixtureTests {
    struct Fixture: CustomTestStringConvertible, Sendable {
        let name: String
        let version: (UInt8, UInt8)
        let header: String
        var alignment: Int? = 64
        var utf8Header = false
        var testDescription: String { name }
    }

    static let fixtures: [Fixture] = [
        Fixture(name: "v1.0 as np.save writes it", version: (1, 0),
                header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"),
        Fixture(name: "v1.0 reversed keys, no spaces, no trailing comma", version: (1, 0),
                header: "{'shape':(2,3),'fortran_order':False,'descr':'<f8'}"),
        Fixture(name: "v1.0 16-byte alignment (numpy < 1.14)", version: (1, 0),
                header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", alignment: 16),
        Fixture(name: "v1.0 no padding, no newline, unaligned data", version: (1, 0),
                header: "{'descr':'<f8','fortran_order':False,'shape':(2,3)}", alignment: nil),
        Fixture(name: "v1.0 Python 2 long ints and u-string", version: (1, 0),
                header: "{'descr': u'<f8', 'fortran_order': False, 'shape': (2L, 3L), }"),
        Fixture(name: "v2.0 double quotes, tabs, newlines, trailing comma in shape", version: (2, 0),
                header: "{ \"fortran_order\" :\tFalse ,\n \"descr\": \"<f8\",\n \"shape\": ( 2 ,3 , ) }"),
        Fixture(name: "v2.0 native-order '=f8'", version: (2, 0),
                header: "{'descr': '=f8', 'shape': (2, 3), 'fortran_order': False}"),
        Fixture(name: "v3.0 UTF-8 header with '|f8'", version: (3, 0),
                header: "{'fortran_order': False, 'shape': (2, 3), 'descr': '|f8', }", utf8Header: true),
        Fixture(name: "v3.0 'f8' with no byte-order mark, 4096 alignment", version: (3, 0),
                header: "{'descr': 'f8', 'fortran_order': False, 'shape': (2, 3)}", alignment: 4096, utf8Header: true),
    ]

    @Test(arguments: fixtures)
    func acceptsHeaderVariant(_ fixture: Fixture) throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/fixture.npy"
            let values: [Double] = [1.5, -2, 3e10, 0, .infinity, -0.0]
            let bytes = npyBytes(version: fixture.version, header: fixture.header, alignment: fixture.alignment,
                                 utf8Header: fixture.utf8Header, data: littleEndianBytes(values))
            try writeFile(path, bytes)
            let header = try Npy.readHeader(path: path)
            #expect(header == NpyHeader(path: path, rows: 2, cols: 3, dataOffset: bytes.count - 48))
            if let alignment = fixture.alignment { #expect(header.dataOffset % alignment == 0) }
            let loaded = try Npy.read(path: path)
            #expect(loaded.rows == 2 && loaded.cols == 3)
            #expect(sameBits(loaded.values, values))
        }
    }

    @Test(arguments: [(1, 1), (2, 3), (7, 9), (1000, 1), (123_456, 7_654_321), (Int(Int32.max), 4)])
    func writtenHeaderIsVersion1AlignedTo64AndParsesBack(rows: Int, cols: Int) throws {
        let bytes = NpyHeaderEncoding.encode(rows: rows, cols: cols)
        #expect(bytes.count % 64 == 0)
        #expect(Array(bytes.prefix(8)) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        #expect(bytes.last == UInt8(ascii: "\n"))
        #expect(Int(bytes[8]) | Int(bytes[9]) << 8 == bytes.count - 10)
        let text = String(decoding: bytes[10...], as: UTF8.self)
        #expect(text.hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows), \(cols)), }"))
        let shape = try NpyHeaderDictionary.shape(fromHeader: Array(bytes[10...]), utf8: false, path: "x.npy")
        #expect(shape.rows == rows && shape.cols == cols)
    }
}

@Suite struct PythonLiteralParserTests {
    @Test func parsesTheShapesOfTuplesAsPythonDoes() throws {
        #expect(try PythonLiteralParser.parse(Array("()".utf8)) == .tuple([]))
        #expect(try PythonLiteralParser.parse(Array("(3,)".utf8)) == .tuple([.integer(3)]))
        #expect(try PythonLiteralParser.parse(Array("(3)".utf8)) == .integer(3))  // parentheses only group
        #expect(try PythonLiteralParser.parse(Array("( -3 , +4 ,)".utf8)) == .tuple([.integer(-3), .integer(4)]))
        #expect(try PythonLiteralParser.parse(Array("[('a', '<f8')]".utf8))
                == .list([.tuple([.string(Array("a".utf8)), .string(Array("<f8".utf8))])]))
        #expect(try PythonLiteralParser.parse(Array("{'a\\'b': None}  \n".utf8))
                == .dictionary([.init(key: .string(Array("a'b".utf8)), value: .none)]))
    }

    @Test(arguments: ["", "{", "{'a' 1}", "{'a': 1,,}", "(1 2)", "'open", "tru", "{'a': 1} x", "99999999999999999999", "1.5"])
    func rejectsMalformedLiterals(_ text: String) {
        #expect(throws: PythonLiteralSyntaxError.self) { try PythonLiteralParser.parse(Array(text.utf8)) }
    }

    @Test func boundsNestingDepthInsteadOfOverflowingTheStack() {
        let deep = String(repeating: "(", count: 100_000) + String(repeating: ")", count: 100_000)
        #expect(throws: PythonLiteralSyntaxError.self) { try PythonLiteralParser.parse(Array(deep.utf8)) }
        let fine = String(repeating: "(", count: 10) + "1," + String(repeating: ")", count: 10)
        #expect((try? PythonLiteralParser.parse(Array(fine.utf8))) != nil)
    }
}
