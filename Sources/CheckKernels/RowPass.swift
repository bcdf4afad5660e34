import CSupport
import Dispatch

/// The one loop the product check runs over every matrix it reads: for a block
/// of a matrix F (rows × cols, element (i, j) at `base[i·rowStride + j·colStride]`)
/// and input vectors indexed by the block's columns, it adds for each row i
///
///     plain[v][i]   += Σ_j F[i,j] · x_v[j]        (v < plainCount)
///     squared[w][i] += Σ_j F[i,j]² · s_w[j]       (w < squaredCount)
///     rounding[i]   += Σ (each partial sum of the v = 0 dot product)²
///
/// so the matrix is read once for every vector the check pushes through it.
/// `rounding` is what makes the check's own arithmetic part of its error model:
/// with one rounding of relative size ≤ u per fused multiply-add, the error of
/// dot product 0 has variance ≤ u² · Σ partial² (Higham & Mary's model, every
/// partial sum that was actually rounded, in the order this loop added them).
public struct RowPass {
    public let plainCount: Int
    public let squaredCount: Int
    /// Input vectors, vector-major: x_v[j] at plainInputs[v·inputLength + j].
    public var plainInputs: [Double]
    public var squaredInputs: [Double]
    public let inputLength: Int
    /// Results, vector-major: plain[v][i] at plainOutputs[v·outputLength + i].
    public var plainOutputs: [Double]
    public var squaredOutputs: [Double]
    public var rounding: [Double]
    /// The largest |F[i,j]| this pass has read (max|Y| for the detection limit).
    public var largestMagnitude = 0.0
    /// Whether to find `largestMagnitude` (only the pass over Y needs it).
    public var findsLargest = false
    /// Threads that share out the rows of each block.
    public var threads = 1
    public let outputLength: Int

    public init(plainCount: Int, squaredCount: Int, inputLength: Int, outputLength: Int) {
        self.plainCount = plainCount
        self.squaredCount = squaredCount
        self.inputLength = inputLength
        self.outputLength = outputLength
        plainInputs = [Double](repeating: 0, count: plainCount * inputLength)
        squaredInputs = [Double](repeating: 0, count: squaredCount * inputLength)
        plainOutputs = [Double](repeating: 0, count: plainCount * outputLength)
        squaredOutputs = [Double](repeating: 0, count: squaredCount * outputLength)
        rounding = [Double](repeating: 0, count: outputLength)
    }

    /// Adds one block's contributions: its rows are rows rowStart… of the output
    /// vectors, its columns entries colStart… of the input vectors. Rows are shared
    /// out over `threads` threads; each row's sums are the same whoever adds them.
    public mutating func add(base: UnsafePointer<Double>, rows: Int, cols: Int, rowStride: Int, colStride: Int,
                             rowStart: Int, colStart: Int) {
        precondition(rowStart >= 0 && colStart >= 0 && rowStart + rows <= outputLength
                     && colStart + cols <= inputLength, "block outside the pass's vectors")
        let shape = Shape(plainCount: plainCount, squaredCount: squaredCount, inputLength: inputLength,
                          outputLength: outputLength, findsLargest: findsLargest, cols: cols,
                          rowStride: rowStride, colStride: colStride, rowStart: rowStart, colStart: colStart)
        // Below about a million elements a second thread costs more than it saves.
        let parts = max(1, min(threads, rows, rows * cols / (1 << 20) + 1))
        var largestPerPart = [Double](repeating: 0, count: parts)
        plainInputs.withUnsafeBufferPointer { xs in
        squaredInputs.withUnsafeBufferPointer { ss in
        plainOutputs.withUnsafeMutableBufferPointer { ys in
        squaredOutputs.withUnsafeMutableBufferPointer { qs in
        rounding.withUnsafeMutableBufferPointer { rs in
        largestPerPart.withUnsafeMutableBufferPointer { largest in
            let buffers = Buffers(matrix: base, xs: xs.baseAddress, ss: ss.baseAddress, ys: ys.baseAddress,
                                  qs: qs.baseAddress, rs: rs.baseAddress!, largest: largest.baseAddress!)
            let work: @Sendable (Int) -> Void = { part in
                let first = part * rows / parts, last = (part + 1) * rows / parts
                buffers.largest[part] = addRows(first..<last, shape: shape, buffers: buffers)
            }
            if parts == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: work) }
        } } } } } }
        largestMagnitude = max(largestMagnitude, largestPerPart.max() ?? 0)
    }
}

/// What `addRows` needs to know of a pass and a block.
private struct Shape: Sendable {
    let plainCount, squaredCount, inputLength, outputLength: Int
    let findsLargest: Bool
    let cols, rowStride, colStride, rowStart, colStart: Int
}

/// The pass's vectors as raw pointers, so threads can fill disjoint rows.
private struct Buffers: @unchecked Sendable {
    let matrix: UnsafePointer<Double>
    let xs: UnsafePointer<Double>?
    let ss: UnsafePointer<Double>?
    let ys: UnsafeMutablePointer<Double>?
    let qs: UnsafeMutablePointer<Double>?
    let rs: UnsafeMutablePointer<Double>
    /// One slot per thread.
    let largest: UnsafeMutablePointer<Double>
}

/// The pass for block rows `range`; returns the largest |F[i,j]| seen (when asked).
private func addRows(_ range: Range<Int>, shape s: Shape, buffers b: Buffers) -> Double {
    var largest = 0.0
    let cols = s.cols
    func x(_ v: Int) -> UnsafePointer<Double> { b.xs! + v * s.inputLength + s.colStart }
    func squaredInput(_ w: Int) -> UnsafePointer<Double> { b.ss! + w * s.inputLength + s.colStart }
    func row(_ i: Int) -> UnsafePointer<Double> { b.matrix + i * s.rowStride }
    guard s.colStride == 1 else {
        // ScaLAPACK's column-major local arrays: the same sums, one element at a time.
        for i in range {
            let out = s.rowStart + i
            for v in 0..<s.plainCount {
                var sum = 0.0, partials = 0.0
                for j in 0..<cols {
                    let f = row(i)[j * s.colStride]
                    if v == 0 && s.findsLargest { largest = max(largest, abs(f)) }
                    sum = sum.addingProduct(f, x(v)[j])
                    partials = partials.addingProduct(sum, sum)
                }
                b.ys![v * s.outputLength + out] += sum
                if v == 0 { b.rs[out] += partials }
            }
            for w in 0..<s.squaredCount {
                var sum = 0.0
                for j in 0..<cols {
                    let f = row(i)[j * s.colStride]
                    sum = sum.addingProduct(f * f, squaredInput(w)[j])
                }
                b.qs![w * s.outputLength + out] += sum
            }
        }
        return largest
    }
    // Two rows at a time: while both are in cache, the tracked reference, the
    // exact variance pushes, then the sample vectors four by four (a 2×4 block of
    // sums per load of the rows and vectors).
    var i = range.lowerBound
    while i < range.upperBound {
        let pair = min(2, range.upperBound - i)
        for r in i..<(i + pair) {
            let out = s.rowStart + r
            if s.findsLargest { largest = max(largest, gb_max_magnitude(row(r), cols)) }
            if s.plainCount > 0 {
                let (sum, partials) = trackedDot(row(r), x(0), cols)
                b.ys![out] += sum
                b.rs[out] += partials
            }
            for w in 0..<s.squaredCount {
                b.qs![w * s.outputLength + out] += squaredDot(row(r), squaredInput(w), cols)
            }
        }
        var v = 1
        if pair == 2 {
            while v + 4 <= s.plainCount {
                let (first, second) = dot2x4(row(i), row(i + 1), x(v), x(v + 1), x(v + 2), x(v + 3), cols)
                for lane in 0..<4 {
                    b.ys![(v + lane) * s.outputLength + s.rowStart + i] += first[lane]
                    b.ys![(v + lane) * s.outputLength + s.rowStart + i + 1] += second[lane]
                }
                v += 4
            }
        }
        for r in i..<(i + pair) {
            var w = v
            while w < s.plainCount {
                b.ys![w * s.outputLength + s.rowStart + r] += dot(row(r), x(w), cols)
                w += 1
            }
        }
        i += pair
    }
    return largest
}

typealias Lanes = SIMD8<Double>

@inline(__always)
private func load(_ p: UnsafePointer<Double>) -> Lanes {
    UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
}

/// Σ row[j]·x[j] in eight lanes (the lanes are summed in a fixed order at the end).
@inline(__always)
private func dot(_ row: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ n: Int) -> Double {
    var a0 = Lanes(), a1 = Lanes()
    var j = 0
    while j + 16 <= n {
        a0 = a0.addingProduct(load(row + j), load(x + j))
        a1 = a1.addingProduct(load(row + j + 8), load(x + j + 8))
        j += 16
    }
    var sum = (a0 + a1).sum()
    while j < n { sum = sum.addingProduct(row[j], x[j]); j += 1 }
    return sum
}

/// Two rows times four vectors: eight dot products, each row and vector loaded once per step.
@inline(__always)
private func dot2x4(_ r0: UnsafePointer<Double>, _ r1: UnsafePointer<Double>,
                    _ x0: UnsafePointer<Double>, _ x1: UnsafePointer<Double>,
                    _ x2: UnsafePointer<Double>, _ x3: UnsafePointer<Double>, _ n: Int) -> (SIMD4<Double>, SIMD4<Double>) {
    typealias Quad = SIMD4<Double>
    var a0 = Quad(), a1 = Quad(), a2 = Quad(), a3 = Quad()
    var b0 = Quad(), b1 = Quad(), b2 = Quad(), b3 = Quad()
    var j = 0
    while j + 4 <= n {
        let f = UnsafeRawPointer(r0 + j).loadUnaligned(as: Quad.self)
        let g = UnsafeRawPointer(r1 + j).loadUnaligned(as: Quad.self)
        let y0 = UnsafeRawPointer(x0 + j).loadUnaligned(as: Quad.self)
        let y1 = UnsafeRawPointer(x1 + j).loadUnaligned(as: Quad.self)
        let y2 = UnsafeRawPointer(x2 + j).loadUnaligned(as: Quad.self)
        let y3 = UnsafeRawPointer(x3 + j).loadUnaligned(as: Quad.self)
        a0 = a0.addingProduct(f, y0); b0 = b0.addingProduct(g, y0)
        a1 = a1.addingProduct(f, y1); b1 = b1.addingProduct(g, y1)
        a2 = a2.addingProduct(f, y2); b2 = b2.addingProduct(g, y2)
        a3 = a3.addingProduct(f, y3); b3 = b3.addingProduct(g, y3)
        j += 4
    }
    var first = Quad(a0.sum(), a1.sum(), a2.sum(), a3.sum())
    var second = Quad(b0.sum(), b1.sum(), b2.sum(), b3.sum())
    while j < n {
        let y = Quad(x0[j], x1[j], x2[j], x3[j])
        first = first.addingProduct(Quad(repeating: r0[j]), y)
        second = second.addingProduct(Quad(repeating: r1[j]), y)
        j += 1
    }
    return (first, second)
}

/// Σ row[j]²·s[j].
@inline(__always)
private func squaredDot(_ row: UnsafePointer<Double>, _ s: UnsafePointer<Double>, _ n: Int) -> Double {
    var a0 = Lanes(), a1 = Lanes()
    var j = 0
    while j + 16 <= n {
        let f0 = load(row + j), f1 = load(row + j + 8)
        a0 = a0.addingProduct(f0 * f0, load(s + j))
        a1 = a1.addingProduct(f1 * f1, load(s + j + 8))
        j += 16
    }
    var sum = (a0 + a1).sum()
    while j < n { sum = sum.addingProduct(row[j] * row[j], s[j]); j += 1 }
    return sum
}

/// Σ row[j]·x[j] and Σ over every rounded partial sum of its square: each lane's
/// running sums, then the lanes' fixed-order total and the tail.
@inline(__always)
private func trackedDot(_ row: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ n: Int) -> (Double, Double) {
    var a = Lanes(), squares = Lanes()
    var j = 0
    while j + 8 <= n {
        a = a.addingProduct(load(row + j), load(x + j))
        squares = squares.addingProduct(a, a)
        j += 8
    }
    var sum = 0.0, partials = squares.sum()
    for lane in 0..<8 { sum += a[lane]; partials = partials.addingProduct(sum, sum) }
    while j < n {
        sum = sum.addingProduct(row[j], x[j])
        partials = partials.addingProduct(sum, sum)
        j += 1
    }
    return (sum, partials)
}

/// The largest |entry| of a row-major block (element (i, j) at base[i·rowStride + j]).
public func largestMagnitude(base: UnsafePointer<Double>, rows: Int, cols: Int, rowStride: Int) -> Double {
    var largest = 0.0
    for i in 0..<rows { largest = max(largest, gb_max_magnitude(base + i * rowStride, cols)) }
    return largest
}
