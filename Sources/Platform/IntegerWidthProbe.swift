import SystemBoundary

/// Finds out whether a `cblas_dgemm` reads its integers as 32 bits (LP64, what
/// gemmbench passes) or as 64 bits (ILP64), without a call that could crash or
/// end the process.
///
/// The x86-64 and AArch64 calling conventions give every integer argument a
/// full 64-bit register or stack slot. An LP64 library reads the low 32 bits;
/// an ILP64 one reads all 64. The probe calls through a 64-bit signature and
/// passes a 2×1 · 1×1 product whose `lda` is 2³² + 1: both readings are valid
/// leading dimensions (≥ K = 1), so neither library reports an argument error
/// (the reference CBLAS's error handler exits the process). Row 1 of A is read
/// at A + lda: element 1 for an LP64 library, 32 GiB further for an ILP64 one.
/// Both places sit in one span of address space reserved without memory, with
/// only their two pages mapped, so each reading finds a different known value:
/// C = [1, 2] means 32-bit integers, [1, 3] means 64-bit, anything else means
/// the function is not a working `cblas_dgemm`. M, N, K and the other leading
/// dimensions are small with their upper halves zero, the same in both readings.
enum IntegerWidthProbe {
    enum Outcome: Equatable {
        case lp64
        case ilp64
        /// Neither answer: the product itself is wrong (C as computed).
        case wrongProduct([Double])
        /// The address span could not be reserved (e.g. under `ulimit -v`): not probed.
        case notProbed(String)
    }

    typealias Dgemm64 = @convention(c) (
        Int32, Int32, Int32, Int64, Int64, Int64, Double,
        UnsafePointer<Double>?, Int64, UnsafePointer<Double>?, Int64, Double,
        UnsafeMutablePointer<Double>?, Int64) -> Void

    static let rowMajor: Int32 = 101, noTranspose: Int32 = 111
    /// 2³² + 1: 1 in the low half, 2³² more in the whole.
    static let splitLeadingDimension: Int64 = (1 << 32) + 1

    static func run(_ function: UnsafeMutableRawPointer) -> Outcome {
        let element = MemoryLayout<Double>.stride
        let farOffset = Int(splitLeadingDimension) * element
        let span: ReservedSpan
        do {
            span = try ReservedSpan(bytes: farOffset + 2 * 65536)
            try span.makeWritable(pageAt: 0)
            try span.makeWritable(pageAt: farOffset)
        } catch {
            return .notProbed("\(error)")
        }
        let a = span.base.assumingMemoryBound(to: Double.self)
        let b = a + 8, c = a + 16
        a[0] = 1; a[1] = 2
        (span.base + farOffset).assumingMemoryBound(to: Double.self).pointee = 3
        b[0] = 1
        c[0] = -1; c[1] = -1
        let dgemm = unsafeBitCast(function, to: Dgemm64.self)
        dgemm(rowMajor, noTranspose, noTranspose, 2, 1, 1, 1, a, splitLeadingDimension, b, 1, 0, c, 1)
        switch (c[0], c[1]) {
        case (1, 2): return .lp64
        case (1, 3): return .ilp64
        default: return .wrongProduct([c[0], c[1]])
        }
    }
}
