import Testing
@testable import Platform

@Suite struct PeakFlopsTests {
    /// Every loop variant this CPU can run gives a positive, finite rate named
    /// for its instruction set; the narrower loop is never much faster than the
    /// wider one (a wider FMA is at least as many flops per instruction).
    @Test func everySupportedLoopMeasuresAPlausibleRate() {
        let machine = CPUFeatures.current()
        var variants = [CPUFeatures(vendor: machine.vendor, family: 0, model: 0, hasAVX2FMA: false, hasAVX512F: false)]
        if machine.hasAVX2FMA { variants.append(CPUFeatures(vendor: "", family: 0, model: 0, hasAVX2FMA: true, hasAVX512F: false)) }
        if machine.hasAVX512F { variants.append(machine) }
        var rates: [Double] = []
        for features in variants {
            let peak = PeakFlops.measure(features: features)
            #expect(peak.gflopsPerCore.isFinite && peak.gflopsPerCore > 0.5, "\(peak)")
            #expect(peak.howMeasured.contains(peak.method))
            rates.append(peak.gflopsPerCore)
        }
        #expect(PeakFlops.measure(features: variants[0]).method == "sse2")
        // SSE2 does 2 doubles per instruction and no FMA: a quarter of AVX2-FMA's work per instruction.
        if rates.count > 1 { #expect(rates[0] < rates[1] * 1.2, "sse2 \(rates[0]) vs avx2-fma \(rates[1])") }
    }
}
