extension BlockedKernel {
    /// The 6 × nr register tile (nr = 2 vectors): C[0..<6, 0..<nr] ← alpha·Ã·B̃ + beta·C,
    /// where Ã is one packed A micro-panel (6 × depth) and B̃ one packed B
    /// micro-panel (depth × nr).
    ///
    /// Twelve vector accumulators (6 rows × 2 halves of nr columns) plus two B
    /// vectors and one broadcast A element: 15 registers, within AVX2's 16 ymm
    /// (6×8 tile) and AVX-512's 32 zmm (6×16 tile). Each depth step is 12
    /// `vfmadd231pd` fed by 2 vector loads and 6 broadcasts.
    ///
    /// `rows` ≤ 6 and `columns` ≤ nr say how much of the tile lies inside C's view;
    /// the padded rest is computed (on packed zeros) but never stored.
    /// beta == 0 stores without reading C.
    @inlinable @inline(never)
    static func microKernel(depth: Int,
                            packedA: UnsafePointer<Double>,
                            packedB: UnsafePointer<Double>,
                            alpha: Double, beta: Double,
                            c: UnsafeMutablePointer<Double>, ldc: Int,
                            rows: Int, columns: Int) {
        typealias V = Blocking.Vector
        let width = MemoryLayout<V>.stride  // bytes per vector: 32 (SIMD4) or 64 (SIMD8)
        let nr = Blocking.tileColumns
        var c00 = V(), c01 = V()
        var c10 = V(), c11 = V()
        var c20 = V(), c21 = V()
        var c30 = V(), c31 = V()
        var c40 = V(), c41 = V()
        var c50 = V(), c51 = V()

        var pa = packedA
        var pb = UnsafeRawPointer(packedB)
        for _ in 0..<depth {
            let b0 = pb.loadUnaligned(as: V.self)
            let b1 = pb.loadUnaligned(fromByteOffset: width, as: V.self)
            var ai = V(repeating: pa[0])
            c00 = c00.addingProduct(ai, b0); c01 = c01.addingProduct(ai, b1)
            ai = V(repeating: pa[1])
            c10 = c10.addingProduct(ai, b0); c11 = c11.addingProduct(ai, b1)
            ai = V(repeating: pa[2])
            c20 = c20.addingProduct(ai, b0); c21 = c21.addingProduct(ai, b1)
            ai = V(repeating: pa[3])
            c30 = c30.addingProduct(ai, b0); c31 = c31.addingProduct(ai, b1)
            ai = V(repeating: pa[4])
            c40 = c40.addingProduct(ai, b0); c41 = c41.addingProduct(ai, b1)
            ai = V(repeating: pa[5])
            c50 = c50.addingProduct(ai, b0); c51 = c51.addingProduct(ai, b1)
            pa += 6
            pb += 2 * width
        }

        if rows == 6 && columns == nr {
            storeTileRow(c, c00, c01, alpha: alpha, beta: beta)
            storeTileRow(c + ldc, c10, c11, alpha: alpha, beta: beta)
            storeTileRow(c + 2 * ldc, c20, c21, alpha: alpha, beta: beta)
            storeTileRow(c + 3 * ldc, c30, c31, alpha: alpha, beta: beta)
            storeTileRow(c + 4 * ldc, c40, c41, alpha: alpha, beta: beta)
            storeTileRow(c + 5 * ldc, c50, c51, alpha: alpha, beta: beta)
            return
        }

        // Edge tile: spill the accumulators and store element by element, so no
        // write (and, for beta == 0, no read) leaves the rows×columns corner.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 6 * nr) { tile in
            let t = UnsafeMutableRawPointer(tile.baseAddress!)
            t.storeBytes(of: c00, toByteOffset: 0 * width, as: V.self)
            t.storeBytes(of: c01, toByteOffset: 1 * width, as: V.self)
            t.storeBytes(of: c10, toByteOffset: 2 * width, as: V.self)
            t.storeBytes(of: c11, toByteOffset: 3 * width, as: V.self)
            t.storeBytes(of: c20, toByteOffset: 4 * width, as: V.self)
            t.storeBytes(of: c21, toByteOffset: 5 * width, as: V.self)
            t.storeBytes(of: c30, toByteOffset: 6 * width, as: V.self)
            t.storeBytes(of: c31, toByteOffset: 7 * width, as: V.self)
            t.storeBytes(of: c40, toByteOffset: 8 * width, as: V.self)
            t.storeBytes(of: c41, toByteOffset: 9 * width, as: V.self)
            t.storeBytes(of: c50, toByteOffset: 10 * width, as: V.self)
            t.storeBytes(of: c51, toByteOffset: 11 * width, as: V.self)
            for r in 0..<rows {
                let row = c + r * ldc
                for j in 0..<columns {
                    let product = alpha * tile[r * nr + j]
                    row[j] = beta == 0 ? product : beta * row[j] + product
                }
            }
        }
    }

    /// C[0..<nr] of one tile row ← alpha·(low, high) + beta·C[0..<nr].
    @inlinable @inline(__always)
    static func storeTileRow(_ c: UnsafeMutablePointer<Double>,
                             _ low: Blocking.Vector, _ high: Blocking.Vector,
                             alpha: Double, beta: Double) {
        typealias V = Blocking.Vector
        let width = MemoryLayout<V>.stride
        let raw = UnsafeMutableRawPointer(c)
        let scaledLow = low * alpha
        let scaledHigh = high * alpha
        if beta == 0 {
            raw.storeBytes(of: scaledLow, as: V.self)
            raw.storeBytes(of: scaledHigh, toByteOffset: width, as: V.self)
        } else {
            let betaVector = V(repeating: beta)
            let oldLow = UnsafeRawPointer(c).loadUnaligned(as: V.self)
            let oldHigh = UnsafeRawPointer(c).loadUnaligned(fromByteOffset: width, as: V.self)
            raw.storeBytes(of: scaledLow.addingProduct(betaVector, oldLow), as: V.self)
            raw.storeBytes(of: scaledHigh.addingProduct(betaVector, oldHigh), toByteOffset: width, as: V.self)
        }
    }
}
