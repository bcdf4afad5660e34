/// Packing copies a block of A or B into the exact order the micro-kernel reads
/// it, so the kernel's inner loop walks two contiguous, aligned streams and
/// never strides across rows of the caller's (possibly huge-ldx) matrices.
///
/// Partial tiles are padded with zeros: the kernel always computes a full
/// 6 × nr tile and only the store decides how much of it reaches C.
extension BlockedKernel {
    /// Packs the rows×depth block of row-major A at `a` (leading dim `lda`)
    /// into ⌈rows/6⌉ micro-panels. Micro-panel i holds rows 6i…6i+5 with
    /// element (r, p) at `packed[i·6·depth + p·6 + r]`; rows ≥ `rows` are zero.
    @inlinable @inline(__always)
    static func packA(rows: Int, depth: Int,
                      a: UnsafePointer<Double>, lda: Int,
                      into packed: UnsafeMutablePointer<Double>) {
        let mr = Blocking.tileRows
        var panel = packed
        var rowStart = 0
        while rowStart < rows {
            let liveRows = min(mr, rows - rowStart)
            // Reading each source row contiguously is cheaper than gathering a
            // column of 6 rows per step; the 6-strided writes stay in L1.
            for r in 0..<liveRows {
                let source = a + (rowStart + r) * lda
                var target = panel + r
                for p in 0..<depth {
                    target.pointee = source[p]
                    target += mr
                }
            }
            if liveRows < mr {
                for p in 0..<depth {
                    for r in liveRows..<mr { panel[p * mr + r] = 0 }
                }
            }
            panel += mr * depth
            rowStart += mr
        }
    }

    /// Packs the depth×columns block of row-major B at `b` (leading dim `ldb`)
    /// into ⌈columns/nr⌉ micro-panels. Micro-panel j holds columns nr·j…nr·j+nr−1 with
    /// element (p, c) at `packed[j·nr·depth + p·nr + c]`; columns ≥ `columns` are zero.
    @inlinable @inline(__always)
    static func packB(depth: Int, columns: Int,
                      b: UnsafePointer<Double>, ldb: Int,
                      into packed: UnsafeMutablePointer<Double>) {
        let nr = Blocking.tileColumns
        var panel = packed
        var columnStart = 0
        while columnStart < columns {
            let liveColumns = min(nr, columns - columnStart)
            var target = panel
            var source = b + columnStart
            if liveColumns == nr {
                for _ in 0..<depth {
                    target.update(from: source, count: nr)
                    target += nr
                    source += ldb
                }
            } else {
                for _ in 0..<depth {
                    target.update(from: source, count: liveColumns)
                    (target + liveColumns).update(repeating: 0, count: nr - liveColumns)
                    target += nr
                    source += ldb
                }
            }
            panel += nr * depth
            columnStart += nr
        }
    }
}
