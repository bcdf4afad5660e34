import Glibc

/// The system calls an atomic write makes, replaceable so tests can make any step fail.
struct AtomicWriteOperations: Sendable {
    var createExclusive: @Sendable (_ path: String) -> Result<Int32, SystemCallError>
    var write: @Sendable (_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Result<Void, SystemCallError>
    var fsync: @Sendable (_ descriptor: Int32) -> Result<Void, SystemCallError>
    var rename: @Sendable (_ source: String, _ destination: String) -> Result<Void, SystemCallError>

    /// Mode 0666 before the umask, like `np.save`'s `open(path, 'wb')`, so the result has the
    /// permissions a user expects (`mkstemp` would give 0600).
    static let live = AtomicWriteOperations(
        createExclusive: { SystemCalls.open($0, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o666) },
        write: { SystemCalls.writeFully($0, from: $1, count: $2) },
        fsync: { SystemCalls.fsync($0) },
        rename: { SystemCalls.rename($0, to: $1) }
    )
}

extension Npy {
    /// Writes a C-order float64 2-D array atomically: a temporary file in the same directory
    /// (`.<name>.tmp-<pid>-<random>`), fsync, rename over `path`, then a best-effort fsync of the
    /// directory so the rename survives a crash. On any failure the temporary is removed and
    /// `path` is left as it was (never half-written). Zero-sized dimensions are allowed here
    /// (numpy can store them); chains reject them in ``checkChain(_:)``.
    public static func writeAtomically(path: String, rows: Int, cols: Int, from source: UnsafePointer<Double>, leadingDimension: Int) throws(NpyError) {
        try writeAtomically(path: path, rows: rows, cols: cols, from: source, leadingDimension: leadingDimension, using: .live)
    }

    static func writeAtomically(path: String, rows: Int, cols: Int, from source: UnsafePointer<Double>, leadingDimension: Int,
                                using operations: AtomicWriteOperations) throws(NpyError) {
        guard rows >= 0, cols >= 0 else {
            throw NpyError(.invalidArgument, path: path, "cannot write shape (\(rows), \(cols)): dimensions must be non-negative")
        }
        guard leadingDimension >= cols else {
            throw NpyError(.invalidArgument, path: path,
                           "leading dimension \(leadingDimension) is smaller than the \(cols) columns of shape (\(rows), \(cols))")
        }
        let (elements, overflow1) = rows.multipliedReportingOverflow(by: cols)
        let (_, overflow2) = elements.multipliedReportingOverflow(by: MemoryLayout<Double>.size)
        guard !overflow1 && !overflow2 else {
            throw NpyError(.tooLarge, path: path, "shape (\(rows), \(cols)) needs more than \(Int.max) bytes")
        }
        guard let (directory, name) = splitPath(path) else {
            throw NpyError(.invalidArgument, path: path, "output path must name a file, not a directory")
        }

        let (temporaryPath, descriptor) = try createTemporary(in: directory, for: name, path: path, operations)
        var descriptorIsOpen = true
        do throws(NpyError) {
            let header = NpyHeaderEncoding.encode(rows: rows, cols: cols)
            let headerWritten = header.withUnsafeBytes { operations.write(descriptor, $0.baseAddress!, $0.count) }
            if case .failure(let error) = headerWritten { throw writeFailure(error, path: path) }
            try writeData(descriptor, rows: rows, cols: cols, from: source, leadingDimension: leadingDimension, path: path, operations)
            if case .failure(let error) = operations.fsync(descriptor) { throw writeFailure(error, path: path) }
            SystemCalls.close(descriptor)
            descriptorIsOpen = false
            if case .failure(let error) = operations.rename(temporaryPath, path) {
                throw NpyError(.io, path: path, "cannot move the finished temporary into place: \(error.message); \(unchanged)")
            }
        } catch {
            if descriptorIsOpen { SystemCalls.close(descriptor) }
            SystemCalls.unlink(temporaryPath)
            throw error
        }
        syncDirectory(directory)
    }

    /// Refuses, before any work, a `path` that `writeAtomically` could not write:
    /// one that names no file, or whose directory is missing, is not a directory,
    /// or is not writable by this process. It probes by creating (and at once
    /// removing) the same exclusive temporary the real write creates, so the
    /// answer is the kernel's, permissions, read-only mounts and all.
    public static func checkDestination(path: String) throws(NpyError) {
        try checkDestination(path: path, using: .live)
    }

    static func checkDestination(path: String, using operations: AtomicWriteOperations) throws(NpyError) {
        guard let (directory, name) = splitPath(path) else {
            throw NpyError(.invalidArgument, path: path, "output path must name a file, not a directory")
        }
        let (temporaryPath, descriptor) = try createTemporary(in: directory, for: name, path: path, operations)
        SystemCalls.close(descriptor)
        SystemCalls.unlink(temporaryPath)
    }

    // MARK: Helpers

    /// ("dir", "name") for "dir/name", (".", "name") for "name"; nil when nothing names a file.
    static func splitPath(_ path: String) -> (directory: String, name: String)? {
        guard !path.isEmpty, !path.hasSuffix("/") else { return nil }
        guard let slash = path.lastIndex(of: "/") else {
            return path == "." || path == ".." ? nil : (".", path)
        }
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        let name = String(path[path.index(after: slash)...])
        guard name != ".", name != ".." else { return nil }
        return (directory, name)
    }

    private static func createTemporary(in directory: String, for name: String, path: String,
                                        _ operations: AtomicWriteOperations) throws(NpyError) -> (String, Int32) {
        var lastError = SystemCallError(call: "open", code: EEXIST)
        // O_EXCL plus a random suffix: a name collision (vanishingly rare) just means another try.
        attempts: for _ in 0..<8 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let temporaryPath = (directory == "/" ? "" : directory) + "/.\(name).tmp-\(getpid())-\(suffix)"
            switch operations.createExclusive(temporaryPath) {
            case .success(let descriptor):
                return (temporaryPath, descriptor)
            case .failure(let error):
                lastError = error
                if error.code != EEXIST { break attempts }
            }
        }
        throw NpyError(.io, path: path, "cannot create a temporary file in \(directory): \(lastError.message)")
    }

    private static func write(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int, path: String,
                              _ operations: AtomicWriteOperations) throws(NpyError) {
        if case .failure(let error) = operations.write(descriptor, bytes, count) { throw writeFailure(error, path: path) }
    }

    private static let unchanged = "any previous file there is left unchanged"

    private static func writeFailure(_ error: SystemCallError, path: String) -> NpyError {
        NpyError(.io, path: path, "cannot write: \(error.message); \(unchanged)")
    }

    /// Contiguous sources go out in one `write` loop; strided ones are packed into a staging
    /// buffer first, so short rows do not cost one system call each.
    private static func writeData(_ descriptor: Int32, rows: Int, cols: Int, from source: UnsafePointer<Double>, leadingDimension: Int,
                                  path: String, _ operations: AtomicWriteOperations) throws(NpyError) {
        guard rows > 0, cols > 0 else { return }
        let rowBytes = cols * MemoryLayout<Double>.size
        if leadingDimension == cols || rows == 1 {
            try write(descriptor, UnsafeRawPointer(source), rows * rowBytes, path: path, operations)
        } else if rowBytes >= stagingBytes {
            for row in 0..<rows {
                try write(descriptor, UnsafeRawPointer(source + row * leadingDimension), rowBytes, path: path, operations)
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
                try write(descriptor, UnsafeRawPointer(staging), chunkRows * rowBytes, path: path, operations)
                row += chunkRows
            }
        }
    }

    /// Makes the rename durable. Best effort: the new file is already complete and in place,
    /// so a failure here (rare; some file systems refuse directory fsync) is not reported.
    private static func syncDirectory(_ directory: String) {
        guard case .success(let descriptor) = SystemCalls.open(directory, flags: O_RDONLY | O_DIRECTORY) else { return }
        _ = SystemCalls.fsync(descriptor)
        SystemCalls.close(descriptor)
    }
}
