import Glibc
import Testing
@testable import NumpyIO
import SystemBoundary
import TestSupport

/// `Npy.readBlock` and `NpyOutputFile` / `NpyBlockTarget.writeBlock`: any rectangle of a
/// matrix, read or written alone, lands exactly where the whole-matrix read and write put it.
@Suite struct BlockIOTests {
    /// Shapes with prime and unit extents, so no block cut is even.
    static let shapes: [(rows: Int, cols: Int)] = [(1, 1), (1, 13), (13, 1), (7, 11), (31, 17)]
    /// A value no element of `awkwardValues` is (bit for bit), written into padding.
    static let sentinel = Double(bitPattern: 0x7FF4_DEAD_BEEF_0001)

    /// The row and column ranges to test in 0..<extent: every cut of a 3-way `BlockPartition`-like
    /// split, the whole extent, the first and the last element alone, and an empty range.
    static func ranges(_ extent: Int) -> [Range<Int>] {
        let third = extent / 3
        var result: [Range<Int>] = [0..<extent, 0..<1, (extent - 1)..<extent, 0..<0, 0..<third, third..<(2 * third),
                                    (2 * third)..<extent]
        if extent > 2 { result.append(1..<(extent - 1)) }
        return result
    }

    /// Writes `values` (rows×cols, row-major) to `directory/m.npy` with the whole-matrix writer.
    static func writeMatrix(_ values: [Double], rows: Int, cols: Int, in directory: String) throws -> NpyHeader {
        let path = directory + "/m.npy"
        try values.withUnsafeBufferPointer { buffer in
            try Npy.writeAtomically(path: path, rows: rows, cols: cols, from: buffer.baseAddress!, leadingDimension: cols)
        }
        return try Npy.readHeader(path: path)
    }

    @Test("every block of prime, unit and edge shapes reads exactly its elements; padding past the block's columns is untouched",
          arguments: [0, 3])
    func readBlocks(extraLeadingDimension: Int) throws {
        try withTemporaryDirectory { directory in
            for (rows, cols) in Self.shapes {
                let values = awkwardValues(count: rows * cols, seed: UInt64(rows * 100 + cols))
                let header = try Self.writeMatrix(values, rows: rows, cols: cols, in: directory)
                for rowRange in Self.ranges(rows) {
                    for colRange in Self.ranges(cols) {
                        let ld = colRange.count + extraLeadingDimension
                        var block = [Double](repeating: Self.sentinel, count: max(rowRange.count * ld, 1))
                        try block.withUnsafeMutableBufferPointer { buffer in
                            try Npy.readBlock(header, rows: rowRange, cols: colRange, into: buffer.baseAddress!, leadingDimension: ld)
                        }
                        for r in 0..<rowRange.count {
                            let expected = values[((rowRange.lowerBound + r) * cols + colRange.lowerBound)...].prefix(colRange.count)
                            #expect(sameBits(block[(r * ld)...].prefix(colRange.count), expected),
                                    "(\(rows), \(cols)) rows \(rowRange) cols \(colRange) ld \(ld), row \(r)")
                            #expect(block[(r * ld + colRange.count)..<(r * ld + ld)].allSatisfy { $0.bitPattern == Self.sentinel.bitPattern })
                        }
                    }
                }
            }
        }
    }

    @Test("whole rows longer than the staging buffer, into a strided destination, read row by row")
    func longRows() throws {
        try withTemporaryDirectory { directory in
            let cols = Npy.stagingBytes / MemoryLayout<Double>.size + 3, rows = 3
            let values = (0..<(rows * cols)).map(Double.init)
            let header = try Self.writeMatrix(values, rows: rows, cols: cols, in: directory)
            let ld = cols + 1
            var block = [Double](repeating: Self.sentinel, count: 2 * ld)
            try block.withUnsafeMutableBufferPointer { buffer in
                try Npy.readBlock(header, rows: 1..<3, cols: 0..<cols, into: buffer.baseAddress!, leadingDimension: ld)
            }
            #expect(block[0..<cols].elementsEqual(values[cols..<(2 * cols)]))
            #expect(block[ld..<(ld + cols)].elementsEqual(values[(2 * cols)...]))
            #expect(block[cols].bitPattern == Self.sentinel.bitPattern && block[ld + cols].bitPattern == Self.sentinel.bitPattern)
        }
    }

    @Test("a block outside the shape, or a leading dimension below its columns, is refused naming the file")
    func badBlockArguments() throws {
        try withTemporaryDirectory { directory in
            let header = try Self.writeMatrix([1, 2, 3, 4, 5, 6], rows: 2, cols: 3, in: directory)
            var buffer = [Double](repeating: 0, count: 16)
            buffer.withUnsafeMutableBufferPointer { buffer in
                expectNpyError(.invalidArgument, path: header.path, mentioning: ["outside shape (2, 3)"]) { () throws(NpyError) in
                    try Npy.readBlock(header, rows: 1..<3, cols: 0..<1, into: buffer.baseAddress!, leadingDimension: 1)
                }
                expectNpyError(.invalidArgument, path: header.path, mentioning: ["outside shape (2, 3)"]) { () throws(NpyError) in
                    try Npy.readBlock(header, rows: 0..<1, cols: 2..<4, into: buffer.baseAddress!, leadingDimension: 2)
                }
                expectNpyError(.invalidArgument, path: header.path, mentioning: ["leading dimension 1", "2 columns"]) { () throws(NpyError) in
                    try Npy.readBlock(header, rows: 0..<2, cols: 1..<3, into: buffer.baseAddress!, leadingDimension: 1)
                }
            }
        }
    }

    @Test("a file truncated after its header was read fails the block read")
    func truncatedAfterHeader() throws {
        try withTemporaryDirectory { directory in
            let header = try Self.writeMatrix((0..<12).map(Double.init), rows: 3, cols: 4, in: directory)
            #expect(truncate(header.path, off_t(header.dataOffset + 8)) == 0)
            var buffer = [Double](repeating: 0, count: 4)
            buffer.withUnsafeMutableBufferPointer { buffer in
                expectNpyError(.truncated, path: header.path) { () throws(NpyError) in
                    try Npy.readBlock(header, rows: 2..<3, cols: 0..<4, into: buffer.baseAddress!, leadingDimension: 4)
                }
            }
        }
    }

    // MARK: Writing

    @Test("blocks written in any order, from strided sources, make the file the whole-matrix writer makes, byte for byte")
    func writeBlocks() throws {
        try withTemporaryDirectory { directory in
            for (rows, cols) in Self.shapes {
                let values = awkwardValues(count: rows * cols, seed: UInt64(rows * 7 + cols))
                let reference = try Self.writeMatrix(values, rows: rows, cols: cols, in: directory)
                let target = directory + "/blocks.npy"
                let output = try NpyOutputFile.create(path: target, rows: rows, cols: cols)
                #expect(output.target.dataOffset == reference.dataOffset)
                // A 2×3 cut (empty parts included for 1-wide shapes), written last block first.
                let rowCuts = [0, rows / 2, rows], colCuts = [0, cols / 3, 2 * cols / 3, cols]
                for i in (0..<2).reversed() {
                    for j in (0..<3).reversed() {
                        let rowRange = rowCuts[i]..<rowCuts[i + 1], colRange = colCuts[j]..<colCuts[j + 1]
                        // The block copied out with leading dimension cols + 2.
                        let ld = colRange.count + 2
                        var source = [Double](repeating: Self.sentinel, count: max(rowRange.count * ld, 1))
                        for r in 0..<rowRange.count {
                            for c in 0..<colRange.count {
                                source[r * ld + c] = values[(rowRange.lowerBound + r) * cols + colRange.lowerBound + c]
                            }
                        }
                        try source.withUnsafeBufferPointer { buffer in
                            try output.target.writeBlock(rows: rowRange, cols: colRange, from: buffer.baseAddress!, leadingDimension: ld)
                        }
                    }
                }
                try output.commit()
                #expect(try readFileBytes(target) == readFileBytes(reference.path), "(\(rows), \(cols))")
                #expect(try directoryListing(directory) == ["blocks.npy", "m.npy"])
            }
        }
    }

    @Test("a contiguous source of whole rows goes out in one write; a strided one row by row")
    func writeCallCounts() throws {
        try withTemporaryDirectory { directory in
            final class Counter: @unchecked Sendable { var writes = 0 }
            let counter = Counter()
            var operations = FileOperations.live
            operations.writeAt = { descriptor, bytes, count, offset in
                counter.writes += 1
                return FileOperations.live.writeAt(descriptor, bytes, count, offset)
            }
            let output = try NpyOutputFile.create(path: directory + "/y.npy", rows: 4, cols: 5)
            defer { output.abandon() }
            let values = (0..<40).map(Double.init)
            try values.withUnsafeBufferPointer { buffer in
                try output.target.writeBlock(rows: 0..<4, cols: 0..<5, from: buffer.baseAddress!, leadingDimension: 5, using: operations)
                #expect(counter.writes == 1)
                try output.target.writeBlock(rows: 0..<4, cols: 0..<5, from: buffer.baseAddress!, leadingDimension: 10, using: operations)
                #expect(counter.writes == 1 + 4)
            }
        }
    }

    @Test("abandoning leaves nothing behind and the previous file unchanged")
    func abandon() throws {
        try withTemporaryDirectory { directory in
            let target = directory + "/y.npy"
            try writeFile(target, [1, 2, 3])
            let output = try NpyOutputFile.create(path: target, rows: 2, cols: 2)
            #expect(try directoryListing(directory).count == 2)
            output.abandon()
            #expect(try directoryListing(directory) == ["y.npy"])
            #expect(try readFileBytes(target) == [1, 2, 3])
        }
    }

    @Test("a failing resize at creation, or a failing block write, is one line naming the path; nothing is left")
    func failures() throws {
        try withTemporaryDirectory { directory in
            let target = directory + "/y.npy"
            var noSpace = FileOperations.live
            noSpace.resize = { _, _ in .failure(Errno("ftruncate", code: ENOSPC)) }
            expectNpyError(.io, path: target, mentioning: ["ftruncate failed", "No space left"]) { () throws(NpyError) in
                _ = try NpyOutputFile.create(path: target, rows: 3, cols: 3, using: noSpace)
            }
            #expect(try directoryListing(directory).isEmpty)

            let output = try NpyOutputFile.create(path: target, rows: 3, cols: 3)
            var failingWrite = FileOperations.live
            failingWrite.writeAt = { _, _, _, _ in .failure(Errno("write", code: EIO)) }
            let values = [Double](repeating: 1, count: 9)
            values.withUnsafeBufferPointer { buffer in
                expectNpyError(.io, path: target, mentioning: ["cannot write a block", "Input/output error"]) { () throws(NpyError) in
                    try output.target.writeBlock(rows: 0..<3, cols: 0..<3, from: buffer.baseAddress!, leadingDimension: 3, using: failingWrite)
                }
                expectNpyError(.invalidArgument, path: target, mentioning: ["outside shape (3, 3)"]) { () throws(NpyError) in
                    try output.target.writeBlock(rows: 0..<3, cols: 1..<4, from: buffer.baseAddress!, leadingDimension: 3)
                }
            }
            output.abandon()
            #expect(try directoryListing(directory).isEmpty)
            // A writer given a temporary that is gone does not create one.
            values.withUnsafeBufferPointer { buffer in
                expectNpyError(.io, path: target, mentioning: ["cannot open the temporary"]) { () throws(NpyError) in
                    try output.target.writeBlock(rows: 0..<1, cols: 0..<3, from: buffer.baseAddress!, leadingDimension: 3)
                }
            }
            #expect(try directoryListing(directory).isEmpty)
        }
    }

    @Test("the longest header fits the bound writers check shapes against")
    func headerBound() {
        #expect(NpyHeaderEncoding.encode(rows: Int.max, cols: Int.max).count <= NpyHeaderEncoding.maximumLength)
    }
}
