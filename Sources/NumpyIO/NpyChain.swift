extension Npy {
    /// Checks that the files can be multiplied left to right, X₁·X₂·…·Xₖ:
    /// every file has rows ≥ 1 and cols ≥ 1 (a product with an empty dimension does no work and
    /// is not a benchmark), and cols of file i == rows of file i+1. The first problem found is
    /// thrown, naming the file (and for a mismatch both files and their shapes).
    /// An empty list passes: counting inputs is the command line's job.
    public static func checkChain(_ headers: [NpyHeader]) throws(NpyError) {
        for header in headers where header.rows == 0 || header.cols == 0 {
            throw NpyError(.emptyDimension, path: header.path,
                           "shape \(header.shapeDescription) has an empty dimension; chain inputs need at least 1 row and 1 column")
        }
        for (index, (left, right)) in zip(headers, headers.dropFirst()).enumerated() where left.cols != right.rows {
            throw NpyError(.shapeMismatch, path: left.path,
                           "shape \(left.shapeDescription) (input \(index + 1)) does not chain with \(right.path) shape \(right.shapeDescription) (input \(index + 2)): \(left.cols) columns ≠ \(right.rows) rows")
        }
    }
}
