import CSupport

/// What the processor can run, as far as choosing an OpenBLAS kernel goes.
public struct CPUFeatures: Sendable, Equatable {
    public var vendor: String
    public var family: Int
    public var model: Int
    /// AVX with the OS saving YMM state: enough for the Sandybridge kernels.
    public var hasAVX: Bool
    /// AVX2 and FMA, with the OS saving YMM state: enough for the Haswell kernels.
    public var hasAVX2FMA: Bool
    /// AVX-512F with the OS saving ZMM state: enough for the SkylakeX kernels.
    public var hasAVX512F: Bool

    /// `hasAVX` defaults to `hasAVX2FMA`: a CPU with usable AVX2 has usable AVX (AVX2
    /// extends the AVX instructions and uses the same YMM state).
    public init(vendor: String, family: Int, model: Int, hasAVX2FMA: Bool, hasAVX512F: Bool, hasAVX: Bool? = nil) {
        self.vendor = vendor
        self.family = family
        self.model = model
        self.hasAVX = hasAVX ?? hasAVX2FMA
        self.hasAVX2FMA = hasAVX2FMA
        self.hasAVX512F = hasAVX512F
    }

    /// Reads this machine's features with cpuid and xgetbv.
    public static func current() -> CPUFeatures {
        var raw = gb_cpu_features()
        gb_read_cpu_features(&raw)
        let vendor = withUnsafeBytes(of: raw.vendor) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        return CPUFeatures(
            vendor: vendor, family: Int(raw.family), model: Int(raw.model),
            hasAVX2FMA: raw.avx2 != 0 && raw.fma != 0 && raw.os_saves_avx != 0,
            hasAVX512F: raw.avx512f != 0 && raw.os_saves_avx512 != 0,
            hasAVX: raw.avx != 0 && raw.os_saves_avx != 0)
    }

    /// A short key for "machines that should give the same ratios", e.g.
    /// "AuthenticAMD-avx2": per-CPU regression baselines are filed under it.
    public var cpuClass: String {
        "\(vendor)-\(hasAVX512F ? "avx512" : hasAVX2FMA ? "avx2" : "sse")"
    }
}
