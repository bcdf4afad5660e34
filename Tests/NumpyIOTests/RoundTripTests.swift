import Glibc
import Testing
@testable import NumpyIO
import TestSupport

@Suite struct RoundTripTests {
    @Test(arguments: [(1, 1), (3, 4), (4, 3), (1, 17), (17, 1), (64, 64), (5, 1000)])
    func contiguousRoundTripIsBitExact(rows: Int, cols: Int) throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/m.npy"
            let values = awkwardValues(count: rows * cols, seed: UInt64(rows * 1000 + cols))
            try values.withUnsafeBufferPointer { buffer throws in
                try Npy.writeAtomically(path: path, rows: rows, cols: cols, from: buffer.baseAddress!, leadingDimension: cols)
            }
            let header = try Npy.readHeader(path: path)
            #expect(header == NpyHeader(path: path, rows: rows, cols: cols, dataOffset: header.dataOffset))
            #expect(header.dataOffset % 64 == 0)
            let loaded = try Npy.read(path: path)
            #expect(loaded.rows == rows && loaded.cols == cols)
            #expect(sameBits(loaded.values, values))
        }
    }

    /// Writes from a source whose rows are `leadingDimension` apart and reads back into a
    /// destination with a different leading dimension; padding on both sides must be ignored/untouched.
    @Test(arguments: [
        (rows: 3, cols: 4, sourceLD: 7, destinationLD: 5),
        (rows: 1, cols: 3, sourceLD: 9, destinationLD: 3),
        (rows: 6, cols: 1, sourceLD: 2, destinationLD: 4),
        // More rows than one 4 MiB staging chunk holds (3 cols → 174 762 rows per chunk).
        (rows: 200_000, cols: 3, sourceLD: 5, destinationLD: 4),
        // Rows longer than the staging buffer are copied one by one, in place.
        (rows: 2, cols: 524_288 + 8, sourceLD: 524_288 + 9, destinationLD: 524_288 + 16),
    ])
    func stridedRoundTrip(rows: Int, cols: Int, sourceLD: Int, destinationLD: Int) throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/strided.npy"
            let sentinel = Double(bitPattern: 0x7FF0_DEAD_BEEF_0001)
            var source = [Double](repeating: sentinel, count: rows * sourceLD)
            for i in 0..<rows { for j in 0..<cols { source[i * sourceLD + j] = Double(i * cols + j) + 0.5 } }
            try source.withUnsafeBufferPointer { buffer throws in
                try Npy.writeAtomically(path: path, rows: rows, cols: cols, from: buffer.baseAddress!, leadingDimension: sourceLD)
            }

            // The file holds the packed matrix: exactly rows·cols doubles after the header.
            let header = try Npy.readHeader(path: path)
            #expect(header.rows == rows && header.cols == cols)
            let packed = try Npy.read(path: path).values
            #expect(packed.count == rows * cols)
            #expect(packed.enumerated().allSatisfy { $0.element == Double($0.offset) + 0.5 })

            var destination = [Double](repeating: sentinel, count: rows * destinationLD)
            try destination.withUnsafeMutableBufferPointer { buffer throws in
                try Npy.readData(header, into: buffer.baseAddress!, leadingDimension: destinationLD)
            }
            var mismatches = 0
            for i in 0..<rows {
                for j in 0..<destinationLD {
                    let expected = j < cols ? Double(i * cols + j) + 0.5 : sentinel
                    if destination[i * destinationLD + j].bitPattern != expected.bitPattern { mismatches += 1 }
                }
            }
            #expect(mismatches == 0)
        }
    }

    @Test func zeroSizedMatricesRoundTripButDoNotChain() throws {
        try withTemporaryDirectory { directory throws in
            for (rows, cols) in [(0, 3), (3, 0), (0, 0)] {
                let path = directory + "/empty-\(rows)x\(cols).npy"
                let nothing: [Double] = [0]
                try nothing.withUnsafeBufferPointer { buffer throws in
                    try Npy.writeAtomically(path: path, rows: rows, cols: cols, from: buffer.baseAddress!, leadingDimension: cols)
                }
                let loaded = try Npy.read(path: path)
                #expect(loaded.rows == rows && loaded.cols == cols && loaded.values.isEmpty)
                let header = try Npy.readHeader(path: path)
                expectNpyError(.emptyDimension, path: path, mentioning: ["(\(rows), \(cols))", "empty dimension"]) { () throws(NpyError) in
                    try Npy.checkChain([header])
                }
            }
        }
    }

    @Test func overwritingReplacesTheWholeFile() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/y.npy"
            let big = [Double](repeating: 7, count: 100 * 100)
            try big.withUnsafeBufferPointer { buffer throws in
                try Npy.writeAtomically(path: path, rows: 100, cols: 100, from: buffer.baseAddress!, leadingDimension: 100)
            }
            let small: [Double] = [1, 2]
            try small.withUnsafeBufferPointer { buffer throws in
                try Npy.writeAtomically(path: path, rows: 1, cols: 2, from: buffer.baseAddress!, leadingDimension: 2)
            }
            let loaded = try Npy.read(path: path)
            #expect(loaded.rows == 1 && loaded.cols == 2 && loaded.values == [1, 2])
            #expect(try directoryListing(directory) == ["y.npy"])
        }
    }

    @Test func readDataRejectsALeadingDimensionShorterThanARow() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/m.npy"
            let values: [Double] = [1, 2, 3, 4, 5, 6]
            try values.withUnsafeBufferPointer { buffer throws in
                try Npy.writeAtomically(path: path, rows: 2, cols: 3, from: buffer.baseAddress!, leadingDimension: 3)
            }
            let header = try Npy.readHeader(path: path)
            var destination = [Double](repeating: 0, count: 6)
            expectNpyError(.invalidArgument, path: path, mentioning: ["leading dimension 2", "3 columns"]) { () throws(NpyError) in
                try destination.withUnsafeMutableBufferPointer { buffer throws(NpyError) in
                    try Npy.readData(header, into: buffer.baseAddress!, leadingDimension: 2)
                }
            }
            #expect(destination == [0, 0, 0, 0, 0, 0])
        }
    }

    @Test func readDataNoticesAFileThatShrankAfterItsHeaderWasRead() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/m.npy"
            let values: [Double] = [1, 2, 3, 4, 5, 6]
            try values.withUnsafeBufferPointer { buffer throws in
                try Npy.writeAtomically(path: path, rows: 2, cols: 3, from: buffer.baseAddress!, leadingDimension: 3)
            }
            let header = try Npy.readHeader(path: path)
            #expect(truncate(path, off_t(header.dataOffset + 40)) == 0)
            var destination = [Double](repeating: 0, count: 6)
            expectNpyError(.truncated, path: path, mentioning: ["48 bytes", "found 40"]) { () throws(NpyError) in
                try destination.withUnsafeMutableBufferPointer { buffer throws(NpyError) in
                    try Npy.readData(header, into: buffer.baseAddress!, leadingDimension: 3)
                }
            }
        }
    }
}
