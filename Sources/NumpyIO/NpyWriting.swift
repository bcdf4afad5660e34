import SystemBoundary

extension Npy {
    /// Writes a C-order float64 2-D array atomically: a temporary file in the same directory
    /// (`.<name>.tmp-<pid>-<random>`), fsync, rename over `path`, then a best-effort fsync of the
    /// directory so the rename survives a crash. On any failure the temporary is removed and
    /// `path` is left as it was (never half-written). Zero-sized dimensions are allowed here
    /// (numpy can store them); chains reject them in ``checkChain(_:)``.
    /// `operations` is the kernel (`.live`) or a stand-in a test makes fail.
    public static func writeAtomically(path: String, rows: Int, cols: Int, from source: UnsafePointer<Double>, leadingDimension: Int,
                                       using operations: FileOperations = .live) throws(NpyError) {
        try checkWritableShape(rows: rows, cols: cols, path: path)
        guard leadingDimension >= cols else {
            throw NpyError(.invalidArgument, path: path,
                           "leading dimension \(leadingDimension) is smaller than the \(cols) columns of shape (\(rows), \(cols))")
        }
        let file = try createTemporary(for: path, operations)
        do throws(NpyError) {
            let header = NpyHeaderEncoding.encode(rows: rows, cols: cols)
            try header.withUnsafeBufferPointer { (buffer) throws(NpyError) in
                try write(file, UnsafeRawPointer(buffer.baseAddress!), buffer.count, path: path)
            }
            try writeData(file, rows: rows, cols: cols, from: source, leadingDimension: leadingDimension, path: path)
        } catch {
            file.abandon()
            throw error
        }
        do { try file.commit() } catch { throw failure(error, path: path) }
    }

    /// Refuses, before any work, a `path` that `writeAtomically` could not write:
    /// one that names no file, or whose directory is missing, is not a directory,
    /// or is not writable by this process. It probes by creating (and at once
    /// removing) the same exclusive temporary the real write creates, so the
    /// answer is the kernel's, permissions, read-only mounts and all.
    public static func checkDestination(path: String) throws(NpyError) {
        try checkDestination(path: path, using: .live)
    }

    static func checkDestination(path: String, using operations: FileOperations) throws(NpyError) {
        try createTemporary(for: path, operations).abandon()
    }

    // MARK: Helpers

    /// Non-negative dimensions whose header plus rows·cols·8 data bytes fit in an `Int`.
    static func checkWritableShape(rows: Int, cols: Int, path: String) throws(NpyError) {
        guard rows >= 0, cols >= 0 else {
            throw NpyError(.invalidArgument, path: path, "cannot write shape (\(rows), \(cols)): dimensions must be non-negative")
        }
        let (elements, overflow1) = rows.multipliedReportingOverflow(by: cols)
        let (bytes, overflow2) = elements.multipliedReportingOverflow(by: MemoryLayout<Double>.size)
        let (_, overflow3) = bytes.addingReportingOverflow(NpyHeaderEncoding.maximumLength)
        guard !overflow1 && !overflow2 && !overflow3 else {
            throw NpyError(.tooLarge, path: path, "shape (\(rows), \(cols)) needs more than \(Int.max) bytes")
        }
    }

    /// The exclusive, randomly named temporary next to `path` (see `AtomicFile`).
    static func createTemporary(for path: String, _ operations: FileOperations) throws(NpyError) -> AtomicFile {
        do {
            return try AtomicFile.create(for: path, mode: outputMode, using: operations)
        } catch {
            throw failure(error, path: path)
        }
    }

    /// Mode 0644 before the umask, as every file gemmbench writes (docs/contracts.md,
    /// "Files it writes"): `umask 000` must not make a world-writable result, and
    /// `mkstemp`'s 0600 would hide it from other users under the usual umask 022.
    static let outputMode: UInt32 = 0o644

    private static func write(_ file: AtomicFile, _ bytes: UnsafeRawPointer, _ count: Int, path: String) throws(NpyError) {
        do { try file.write(bytes, count: count) } catch { throw failure(error, path: path) }
    }

    private static let unchanged = "any previous file there is left unchanged"

    static func failure(_ error: AtomicFileError, path: String) -> NpyError {
        switch error {
        case .notAFileName:
            return NpyError(.invalidArgument, path: path, "output path must name a file, not a directory")
        case .cannotCreate(let directory, let error):
            return NpyError(.io, path: path, "cannot create a temporary file in \(directory): \(error.message)")
        case .cannotWrite(let error):
            return NpyError(.io, path: path, "cannot write: \(error.message); \(unchanged)")
        case .cannotRename(let error):
            return NpyError(.io, path: path, "cannot move the finished temporary into place: \(error.message); \(unchanged)")
        case .cannotSyncDirectory(let error):
            return NpyError(.io, path: path, "written, but its directory could not be synced, so it may not survive a crash: \(error.message)")
        }
    }

    /// Contiguous sources go out in one `write` loop; strided ones are packed into a staging
    /// buffer first, so short rows do not cost one system call each.
    private static func writeData(_ file: AtomicFile, rows: Int, cols: Int, from source: UnsafePointer<Double>, leadingDimension: Int,
                                  path: String) throws(NpyError) {
        guard rows > 0, cols > 0 else { return }
        let rowBytes = cols * MemoryLayout<Double>.size
        if leadingDimension == cols || rows == 1 {
            try write(file, UnsafeRawPointer(source), rows * rowBytes, path: path)
        } else if rowBytes >= stagingBytes {
            for row in 0..<rows {
                try write(file, UnsafeRawPointer(source + row * leadingDimension), rowBytes, path: path)
            }
        } else {
            let rowsPerChunk = stagingBytes / rowBytes
            let staging = UnsafeMutablePointer<Double>.allocate(capacity: rowsPerChunk * cols)
            defer { staging.deallocate() }
            var row = 0
            while row < rows {
                let chunkRows = min(rowsPerChunk, rows - row)
                for r in 0..<chunkRows {
                    (staging + r * cols).update(from: source + (row + r) * leadingDimension, count: cols)
                }
                try write(file, UnsafeRawPointer(staging), chunkRows * rowBytes, path: path)
                row += chunkRows
            }
        }
    }
}
