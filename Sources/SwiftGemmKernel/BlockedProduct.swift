/// The blocked product for one ``KernelBlocking``: the loop nest
/// (``product(m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``), packing (`PackedPanels.swift`)
/// and the register-tiled micro-kernel (`MicroKernel.swift`).
public enum BlockedKernel<Blocking: KernelBlocking> {
    /// The GotoBLAS/BLIS loop nest for C ← alpha·A·B + beta·C (m, n, k ≥ 1):
    ///
    ///     for each column block jc (≤ columnBlock wide)
    ///       for each depth block pc (≤ depth deep):   pack B[pc, jc] → packedB
    ///         for each row block ic (≤ rowBlock tall): pack A[ic, pc] → packedA
    ///           for each nr-column micro-panel jr, 6-row micro-panel ir: micro-kernel
    ///
    /// beta is applied on the first depth block only; later blocks accumulate
    /// with beta = 1, so with beta == 0 C is written before it is ever read.
    @inlinable
    public static func product(m: Int, n: Int, k: Int, alpha: Double,
                               a: UnsafePointer<Double>, lda: Int,
                               b: UnsafePointer<Double>, ldb: Int,
                               beta: Double,
                               c: UnsafeMutablePointer<Double>, ldc: Int) {
        let mr = Blocking.tileRows, nr = Blocking.tileColumns
        // Packing writes whole tiles: a row block that is not a multiple of mr
        // would overrun packedA (a tuning run with mc = 64 corrupted the heap).
        // Constant after specialisation; checked in debug builds and tests.
        precondition(Blocking.rowBlock % mr == 0 && Blocking.columnBlock % nr == 0,
                     "KernelBlocking: rowBlock must be a multiple of tileRows, columnBlock of tileColumns")
        let kc = min(Blocking.depth, k)
        let mc = min(Blocking.rowBlock, roundUp(m, to: mr))
        let nc = min(Blocking.columnBlock, roundUp(n, to: nr))

        // Per-call buffers keep the kernel reentrant; 64-byte alignment puts
        // every packed vector load within one cache line.
        let packedA = UnsafeMutablePointer<Double>(
            UnsafeMutableRawPointer.allocate(byteCount: mc * kc * 8, alignment: 64)
                .bindMemory(to: Double.self, capacity: mc * kc))
        let packedB = UnsafeMutablePointer<Double>(
            UnsafeMutableRawPointer.allocate(byteCount: kc * nc * 8, alignment: 64)
                .bindMemory(to: Double.self, capacity: kc * nc))
        defer {
            packedA.deallocate()
            packedB.deallocate()
        }

        for jc in stride(from: 0, to: n, by: nc) {
            let columns = min(nc, n - jc)
            for pc in stride(from: 0, to: k, by: kc) {
                let depth = min(kc, k - pc)
                let blockBeta = pc == 0 ? beta : 1
                packB(depth: depth, columns: columns,
                      b: b + pc * ldb + jc, ldb: ldb, into: packedB)
                for ic in stride(from: 0, to: m, by: mc) {
                    let rows = min(mc, m - ic)
                    packA(rows: rows, depth: depth,
                          a: a + ic * lda + pc, lda: lda, into: packedA)
                    for jr in stride(from: 0, to: columns, by: nr) {
                        let tileColumns = min(nr, columns - jr)
                        let panelB = packedB + jr * depth
                        for ir in stride(from: 0, to: rows, by: mr) {
                            microKernel(depth: depth,
                                        packedA: packedA + ir * depth,
                                        packedB: panelB,
                                        alpha: alpha, beta: blockBeta,
                                        c: c + (ic + ir) * ldc + jc + jr, ldc: ldc,
                                        rows: min(mr, rows - ir), columns: tileColumns)
                        }
                    }
                }
            }
        }
    }

    /// The smallest multiple of `step` that is ≥ `value` (value ≥ 0, step > 0).
    @inlinable @inline(__always)
    static func roundUp(_ value: Int, to step: Int) -> Int {
        (value + step - 1) / step * step
    }
}
