import SystemBoundary

/// Reading one rectangle of a .npy matrix, so a process that owns only a block
/// of a distributed matrix never reads (or holds) the rest.
extension Npy {
    /// Reads rows `rows` × columns `cols` of the matrix `header` describes into
    /// `destination`, element (r, c) at `destination[(r − rows.lowerBound)·leadingDimension + (c − cols.lowerBound)]`
    /// (`leadingDimension ≥ cols.count`; elements past `cols.count` in a row are not touched).
    ///
    /// In the C-order file element (r, c) lies at byte `dataOffset + 8·(r·header.cols + c)`, so each
    /// row of the block is one contiguous run of `8·cols.count` bytes, `8·header.cols` bytes after
    /// the previous one. Reads with `pread`, no shared file position, so many processes may read
    /// one file at once:
    /// - one `pread` when the block and `destination` are both contiguous (whole rows, `leadingDimension == header.cols`, or one row);
    /// - whole rows shorter than `stagingBytes` into a staging buffer, several rows per `pread`;
    /// - otherwise one `pread` per row of the block (reading whole rows to skip columns would
    ///   read header.cols / cols.count times the bytes).
    ///
    /// Re-checks the file's size first, so a file that changed since `readHeader` fails rather
    /// than filling the block with a mix of old and new data. An empty range reads nothing.
    public static func readBlock(_ header: NpyHeader, rows: Range<Int>, cols: Range<Int>,
                                 into destination: UnsafeMutablePointer<Double>, leadingDimension: Int) throws(NpyError) {
        let path = header.path
        try checkBlock(rows: rows, cols: cols, leadingDimension: leadingDimension, shape: (header.rows, header.cols), path: path)
        guard !rows.isEmpty, !cols.isEmpty else { return }
        try withFileOpenForReading(path) { (descriptor, fileSize) throws(NpyError) in
            try checkFileSize(fileSize, of: header)
            descriptor.adviseSequential()
            let elementBytes = MemoryLayout<Double>.size
            let fileRowBytes = header.cols * elementBytes
            let blockRowBytes = cols.count * elementBytes
            let wholeRows = cols.count == header.cols
            func fileOffset(row: Int) -> Int { header.dataOffset + row * fileRowBytes + cols.lowerBound * elementBytes }

            if wholeRows && (leadingDimension == header.cols || rows.count == 1) {
                try readExactly(descriptor, header, into: UnsafeMutableRawPointer(destination),
                                count: rows.count * fileRowBytes, at: fileOffset(row: rows.lowerBound))
            } else if wholeRows && fileRowBytes < stagingBytes {
                let rowsPerChunk = stagingBytes / fileRowBytes
                let staging = UnsafeMutableRawPointer.allocate(byteCount: rowsPerChunk * fileRowBytes, alignment: 64)
                defer { staging.deallocate() }
                var done = 0
                while done < rows.count {
                    let chunkRows = min(rowsPerChunk, rows.count - done)
                    try readExactly(descriptor, header, into: staging, count: chunkRows * fileRowBytes,
                                    at: fileOffset(row: rows.lowerBound + done))
                    for r in 0..<chunkRows {
                        (destination + (done + r) * leadingDimension).update(
                            from: (staging + r * fileRowBytes).assumingMemoryBound(to: Double.self), count: cols.count)
                    }
                    done += chunkRows
                }
            } else {
                for r in 0..<rows.count {
                    try readExactly(descriptor, header, into: UnsafeMutableRawPointer(destination + r * leadingDimension),
                                    count: blockRowBytes, at: fileOffset(row: rows.lowerBound + r))
                }
            }
        }
    }
}

extension Npy {
    /// A block rows × cols of a `shape` matrix, read into or written from memory
    /// with `leadingDimension`: both ranges inside the shape, and the leading
    /// dimension at least the block's column count. One check for the reader and
    /// the writer, with one wording.
    static func checkBlock(rows: Range<Int>, cols: Range<Int>, leadingDimension: Int,
                           shape: (rows: Int, cols: Int), path: String) throws(NpyError) {
        guard rows.lowerBound >= 0, rows.upperBound <= shape.rows, cols.lowerBound >= 0, cols.upperBound <= shape.cols else {
            throw NpyError(.invalidArgument, path: path,
                           "block rows \(rows.lowerBound)..<\(rows.upperBound), columns \(cols.lowerBound)..<\(cols.upperBound) lies outside shape (\(shape.rows), \(shape.cols))")
        }
        guard leadingDimension >= cols.count else {
            throw NpyError(.invalidArgument, path: path,
                           "leading dimension \(leadingDimension) is smaller than the \(cols.count) columns of the block")
        }
    }
}
