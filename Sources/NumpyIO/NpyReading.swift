import SystemBoundary

/// Reading .npy files: validate everything from the header and the file size before any
/// data moves, then copy the data with `pread` straight into the caller's memory.
extension Npy {
    /// Strided reads go through a staging buffer of this many bytes so short rows cost one
    /// `pread` per few MiB rather than one per row; rows at least this long are read in place.
    static let stagingBytes = 4 << 20

    /// Parses and validates the header only; also checks the file is exactly as long as the
    /// shape says (header + rows·cols·8 bytes), so a truncated or padded file fails here,
    /// before anything is allocated for it.
    public static func readHeader(path: String) throws(NpyError) -> NpyHeader {
        try withFileOpenForReading(path) { (descriptor, fileSize) throws(NpyError) in
            var prefixBytes = [UInt8](repeating: 0, count: min(NpyPrefix.maximumLength, fileSize))
            let prefixCount = try read(descriptor, path: path, into: &prefixBytes, at: 0)
            let prefix = try NpyPrefix.decode(Array(prefixBytes[..<prefixCount]), fileSize: fileSize, path: path)

            var headerText = [UInt8](repeating: 0, count: prefix.headerLength)
            let headerCount = try read(descriptor, path: path, into: &headerText, at: prefix.headerStart)
            guard headerCount == prefix.headerLength else {
                throw NpyError(.malformedHeader, path: path, "file ends inside the header")
            }
            let shape = try NpyHeaderDictionary.shape(fromHeader: headerText, utf8: prefix.headerIsUTF8, path: path)
            let header = NpyHeader(path: path, rows: shape.rows, cols: shape.cols, dataOffset: prefix.dataOffset)
            try checkFileSize(fileSize, of: header)
            return header
        }
    }

    /// Reads rows×cols doubles into `destination`, row i at `destination + i*leadingDimension`
    /// (`leadingDimension ≥ cols`). Elements between `cols` and `leadingDimension` are not touched.
    /// Re-checks the file's size, so a file that changed since `readHeader` fails rather than
    /// filling the matrix with a mix of old and new data.
    public static func readData(_ header: NpyHeader, into destination: UnsafeMutablePointer<Double>, leadingDimension: Int) throws(NpyError) {
        guard header.rows >= 0, header.cols >= 0, leadingDimension >= header.cols else {
            throw NpyError(.invalidArgument, path: header.path,
                           "leading dimension \(leadingDimension) is smaller than the \(header.cols) columns of shape \(header.shapeDescription)")
        }
        try readBlock(header, rows: 0..<header.rows, cols: 0..<header.cols, into: destination, leadingDimension: leadingDimension)
    }

    /// Convenience: the whole matrix, row-major with leading dimension `cols`, read once from disk.
    public static func read(path: String) throws(NpyError) -> (rows: Int, cols: Int, values: [Double]) {
        let header = try readHeader(path: path)
        var failure: NpyError?
        let values = [Double](unsafeUninitializedCapacity: header.rows * header.cols) { buffer, initialized in
            do throws(NpyError) {
                if let base = buffer.baseAddress {
                    try readData(header, into: base, leadingDimension: header.cols)
                }
                initialized = buffer.count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return (header.rows, header.cols, values)
    }

    // MARK: Helpers

    static func withFileOpenForReading<T>(_ path: String, _ body: (FileDescriptor, Int) throws(NpyError) -> T) throws(NpyError) -> T {
        let descriptor: FileDescriptor
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
        // writer forever; the fstat below refuses it (and sockets, devices).
        switch openFile(path, [.readOnly, .nonBlocking]) {
        case .success(let opened): descriptor = opened
        case .failure(let error): throw NpyError(.io, path: path, "cannot open for reading: \(error.reason)")
        }
        defer { descriptor.close() }
        switch descriptor.status() {
        case .failure(let error):
            throw NpyError(.io, path: path, "cannot read: \(error.message)")
        case .success(let status) where status.kind != .regular:
            throw NpyError(.io, path: path, "not a regular file (a directory, FIFO, socket or device cannot be a .npy file)")
        case .success(let status):
            return try body(descriptor, status.size)
        }
    }

    /// The file must hold exactly header + rows·cols·8 bytes. numpy rejects short files too; it
    /// ignores extra bytes, but extra bytes almost always mean the writer's shape or dtype is not
    /// what the header says, and a benchmark input should not be guessed at.
    static func checkFileSize(_ fileSize: Int, of header: NpyHeader) throws(NpyError) {
        let (expected, overflow) = header.dataOffset.addingReportingOverflow(header.dataByteCount)
        guard !overflow else {
            throw NpyError(.tooLarge, path: header.path, "shape \(header.shapeDescription) needs more than \(Int.max) bytes")
        }
        let found = fileSize - header.dataOffset
        if fileSize < expected {
            throw NpyError(.truncated, path: header.path,
                           "truncated data: shape \(header.shapeDescription) float64 needs \(header.dataByteCount) bytes after the \(header.dataOffset)-byte header, found \(found)")
        }
        if fileSize > expected {
            throw NpyError(.trailingBytes, path: header.path,
                           "\(fileSize - expected) unexpected bytes after the \(header.dataByteCount) data bytes of shape \(header.shapeDescription) (file is \(fileSize) bytes, expected \(expected))")
        }
    }

    private static func read(_ descriptor: FileDescriptor, path: String, into bytes: inout [UInt8], at offset: Int) throws(NpyError) -> Int {
        let count = bytes.count
        let result = bytes.withUnsafeMutableBytes { buffer in
            count == 0 ? .success(0) : descriptor.readFully(into: buffer.baseAddress!, count: count, at: offset)
        }
        switch result {
        case .success(let n): return n
        case .failure(let error): throw NpyError(.io, path: path, "cannot read: \(error.message)")
        }
    }

    static func readExactly(_ descriptor: FileDescriptor, _ header: NpyHeader, into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(NpyError) {
        switch descriptor.readFully(into: buffer, count: count, at: offset) {
        case .failure(let error):
            throw NpyError(.io, path: header.path, "cannot read data: \(error.message)")
        case .success(let n) where n < count:
            // The file shrank after the size check.
            throw NpyError(.truncated, path: header.path,
                           "truncated data: file ended \(count - n) bytes early at offset \(offset + n) while reading shape \(header.shapeDescription)")
        case .success:
            return
        }
    }
}
