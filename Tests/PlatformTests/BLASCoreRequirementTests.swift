import Testing
@testable import Platform

/// `--blas-core NAME` for a kernel set the CPU cannot run must be refused:
/// OpenBLAS would load it and die of SIGILL on the first product.
@Suite("BLAS core requirements")
struct BLASCoreRequirementTests {
    static let epyc = CPUFeatures(vendor: "AuthenticAMD", family: 25, model: 1, hasAVX2FMA: true, hasAVX512F: false)
    static let xeon = CPUFeatures(vendor: "GenuineIntel", family: 6, model: 207, hasAVX2FMA: true, hasAVX512F: true)
    static let old = CPUFeatures(vendor: "GenuineIntel", family: 6, model: 23, hasAVX2FMA: false, hasAVX512F: false)
    /// Sandy Bridge itself (family 6 model 42): AVX, but no AVX2 or FMA.
    static let sandyBridge = CPUFeatures(vendor: "GenuineIntel", family: 6, model: 42,
                                         hasAVX2FMA: false, hasAVX512F: false, hasAVX: true)

    @Test("SkylakeX on an AVX2-only CPU is refused, naming AVX-512F")
    func skylakeOnEpyc() {
        let decision = BLASCoreChoice.decide(mode: .named("SkylakeX"), userCoreType: nil, detectedCore: "Zen", features: Self.epyc)
        guard case .refuse(let reason) = decision else {
            Issue.record("expected a refusal, got \(decision)")
            return
        }
        #expect(reason.contains("AVX-512F"))
    }

    @Test("AVX2 kernels on a CPU without AVX2 are refused", arguments: ["Haswell", "Zen"])
    func avx2OnOldCPU(core: String) {
        for cpu in [Self.old, Self.sandyBridge] {
            let decision = BLASCoreChoice.decide(mode: .named(core), userCoreType: nil, detectedCore: "Core2", features: cpu)
            #expect(decision == .refuse(reason: "--blas-core \(core) needs AVX2 and FMA, which this CPU (or its OS) lacks"))
        }
    }

    @Test("Sandybridge runs on an AVX-only CPU and is refused without AVX")
    func sandybridgeNeedsAVXOnly() {
        let onSandyBridge = BLASCoreChoice.decide(mode: .named("Sandybridge"), userCoreType: nil, detectedCore: "Nehalem",
                                                  features: Self.sandyBridge)
        #expect(onSandyBridge == .reexecute(coreType: "Sandybridge", reason: "--blas-core Sandybridge asked for it"))
        let onOld = BLASCoreChoice.decide(mode: .named("Sandybridge"), userCoreType: nil, detectedCore: "Core2", features: Self.old)
        #expect(onOld == .refuse(reason: "--blas-core Sandybridge needs AVX, which this CPU (or its OS) lacks"))
    }

    @Test("a core the CPU can run is honoured", arguments: ["SkylakeX", "Haswell", "Prescott"])
    func runnable(core: String) {
        let decision = BLASCoreChoice.decide(mode: .named(core), userCoreType: nil, detectedCore: "Zen", features: Self.xeon)
        guard case .reexecute(let chosen, _) = decision else {
            Issue.record("expected re-execution with \(core), got \(decision)")
            return
        }
        #expect(chosen == core)
    }

    @Test("this CPU: usable AVX2 + FMA implies usable AVX as cpuid reports it")
    func avxReadFromCPUID() {
        let here = CPUFeatures.current()
        if here.hasAVX2FMA { #expect(here.hasAVX) }
    }

    @Test("every known core's requirement matches the features it needs")
    func requirementTable() {
        for core in BLASCoreChoice.knownCores {
            let needsAVX512 = core == "SkylakeX"
            let needsAVX2 = ["Haswell", "Zen"].contains(core)
            let needsAVX = core == "Sandybridge"
            #expect((BLASCoreChoice.missingFeature(core: core, features: Self.epyc) != nil) == needsAVX512, "\(core) on EPYC")
            #expect((BLASCoreChoice.missingFeature(core: core, features: Self.sandyBridge) != nil) == (needsAVX512 || needsAVX2),
                    "\(core) on Sandy Bridge")
            #expect((BLASCoreChoice.missingFeature(core: core, features: Self.old) != nil) == (needsAVX512 || needsAVX2 || needsAVX),
                    "\(core) on an old CPU")
            #expect(BLASCoreChoice.missingFeature(core: core, features: Self.xeon) == nil, "\(core) on Xeon")
        }
    }

    @Test("a user-set OPENBLAS_CORETYPE is still respected, whatever the CPU")
    func userChoiceWins() {
        let decision = BLASCoreChoice.decide(mode: .named("SkylakeX"), userCoreType: "Haswell", detectedCore: "Haswell", features: Self.epyc)
        guard case .keep = decision else {
            Issue.record("expected keep, got \(decision)")
            return
        }
    }
}
