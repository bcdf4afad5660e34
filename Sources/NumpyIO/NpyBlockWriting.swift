import SystemBoundary

/// A .npy file that several processes write together, each its own blocks, and
/// that appears at its path only whole: the distributed twin of
/// ``Npy/writeAtomically(path:rows:cols:from:leadingDimension:using:)``.
///
/// 1. One process creates it (``NpyOutputFile/create(path:rows:cols:using:)``): the
///    exclusive temporary next to `path` that `writeAtomically` uses, holding the header
///    and sized to header + rows·cols·8 bytes.
/// 2. Every process, given the temporary's name, writes its blocks with
///    ``NpyBlockTarget/writeBlock(rows:cols:from:leadingDimension:using:)`` (`pwrite`, then `fsync`).
/// 3. Once all have written, the creator ``NpyOutputFile/commit()``s: fsync, rename over
///    `path`, fsync the directory; or, if any process failed, ``NpyOutputFile/abandon()``s.
///    Either way no half-written file is ever at `path`.
public struct NpyOutputFile {
    /// What every writer needs; send `target.temporaryPath` to the others.
    public let target: NpyBlockTarget
    private let file: AtomicFile

    /// Creates the temporary for a rows×cols float64 C-order array at `path`, writes the
    /// header `np.save` would write and sets the size, so blocks may be written in any order.
    /// On failure nothing is left behind.
    public static func create(path: String, rows: Int, cols: Int,
                              using operations: FileOperations = .live) throws(NpyError) -> NpyOutputFile {
        try Npy.checkWritableShape(rows: rows, cols: cols, path: path)
        let file = try Npy.createTemporary(for: path, operations)
        let header = NpyHeaderEncoding.encode(rows: rows, cols: cols)
        let target = NpyBlockTarget(path: path, temporaryPath: file.temporaryPath, rows: rows, cols: cols)
        do throws(AtomicFileError) {
            try header.withUnsafeBufferPointer { (buffer) throws(AtomicFileError) in
                try file.write(UnsafeRawPointer(buffer.baseAddress!), count: buffer.count)
            }
            if case .failure(let error) = operations.resize(file.descriptor, target.fileBytes) {
                throw AtomicFileError.cannotWrite(error)
            }
        } catch {
            file.abandon()
            throw Npy.failure(error, path: path)
        }
        return NpyOutputFile(target: target, file: file)
    }

    /// fsync, rename over `path`, fsync the directory (see `AtomicFile.commit`). Call only
    /// after every writer's `writeBlock` has returned; a failure before the rename removes
    /// the temporary and leaves `path` as it was.
    public func commit() throws(NpyError) {
        do { try file.commit() } catch { throw Npy.failure(error, path: target.path) }
    }

    /// Closes and removes the temporary; `path` is untouched.
    public func abandon() { file.abandon() }
}

/// The temporary of an ``NpyOutputFile`` as every writer sees it.
public struct NpyBlockTarget: Sendable, Equatable {
    /// Where the finished file will appear (named in every error).
    public let path: String
    /// The file the blocks go into.
    public let temporaryPath: String
    public let rows: Int, cols: Int

    /// `temporaryPath` as the creator's ``NpyOutputFile/target`` names it (for example
    /// received in a message); rows and cols must be the creator's.
    public init(path: String, temporaryPath: String, rows: Int, cols: Int) {
        self.path = path
        self.temporaryPath = temporaryPath
        self.rows = rows
        self.cols = cols
    }

    /// Byte offset of element (0, 0): the length of the header `NpyOutputFile` wrote,
    /// computed again here, not sent.
    public var dataOffset: Int { NpyHeaderEncoding.encode(rows: rows, cols: cols).count }

    /// Header plus rows·cols·8 data bytes (`NpyOutputFile.create` checked it fits an `Int`).
    var fileBytes: Int { dataOffset + rows * cols * MemoryLayout<Double>.size }

    /// Writes rows `rows` × columns `cols` of the matrix, element (r, c) read from
    /// `source[(r − rows.lowerBound)·leadingDimension + (c − cols.lowerBound)]`, to byte
    /// `dataOffset + 8·(r·self.cols + c)` of the temporary: one `pwrite` per row of the block,
    /// or one for all of it when it is whole contiguous rows. Then `fsync`, so the blocks are
    /// on disk before the creator renames the file. Opens the existing temporary (never
    /// creates one). Blocks of different writers must not overlap.
    public func writeBlock(rows: Range<Int>, cols: Range<Int>, from source: UnsafePointer<Double>, leadingDimension: Int,
                           using operations: FileOperations = .live) throws(NpyError) {
        try Npy.checkBlock(rows: rows, cols: cols, leadingDimension: leadingDimension, shape: (self.rows, self.cols), path: path)
        guard !rows.isEmpty, !cols.isEmpty else { return }
        let descriptor: FileDescriptor
        switch operations.openExisting(temporaryPath) {
        case .success(let opened): descriptor = opened
        case .failure(let error):
            throw NpyError(.io, path: path, "cannot open the temporary \(temporaryPath) to write a block: \(error.message)")
        }
        defer { descriptor.close() }
        let elementBytes = MemoryLayout<Double>.size
        let dataOffset = self.dataOffset
        func write(_ pointer: UnsafePointer<Double>, count: Int, row: Int) throws(NpyError) {
            let offset = dataOffset + (row * self.cols + cols.lowerBound) * elementBytes
            if case .failure(let error) = operations.writeAt(descriptor, UnsafeRawPointer(pointer), count * elementBytes, offset) {
                throw NpyError(.io, path: path, "cannot write a block: \(error.message)")
            }
        }
        if cols.count == self.cols && (leadingDimension == self.cols || rows.count == 1) {
            try write(source, count: rows.count * cols.count, row: rows.lowerBound)
        } else {
            for r in 0..<rows.count {
                try write(source + r * leadingDimension, count: cols.count, row: rows.lowerBound + r)
            }
        }
        if case .failure(let error) = operations.fsync(descriptor) {
            throw NpyError(.io, path: path, "cannot write a block: \(error.message)")
        }
    }
}
