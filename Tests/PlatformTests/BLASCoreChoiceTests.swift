import Testing
@testable import Platform

/// `BLASCoreChoice.decide` on situations recorded from real machines.
@Suite("BLAS core choice")
struct BLASCoreChoiceTests {
    /// Intel family 6 model 207 (Emerald Rapids), which Debian's OpenBLAS 0.3.21 does not know.
    static let emeraldRapids = CPUFeatures(vendor: "GenuineIntel", family: 6, model: 207, hasAVX2FMA: true, hasAVX512F: true)
    static let epyc = CPUFeatures(vendor: "AuthenticAMD", family: 25, model: 1, hasAVX2FMA: true, hasAVX512F: false)
    static let oldCPU = CPUFeatures(vendor: "GenuineIntel", family: 6, model: 23, hasAVX2FMA: false, hasAVX512F: false)

    @Test("Intel AVX-512 CPU detected as Prescott → re-execute with SkylakeX")
    func intelFallback() {
        let decision = BLASCoreChoice.decide(mode: .auto, userCoreType: nil, detectedCore: "Prescott", features: Self.emeraldRapids)
        guard case .reexecute(let core, let reason) = decision else {
            Issue.record("expected re-execution, got \(decision)")
            return
        }
        #expect(core == "SkylakeX")
        #expect(reason.contains("Prescott"))
    }

    @Test("AVX2 CPU detected as a generic core → re-execute with Haswell", arguments: ["Prescott", "prescott", "Nehalem", "Core2", "Sandybridge", "unknown"])
    func avx2Fallback(detected: String) {
        let decision = BLASCoreChoice.decide(mode: .auto, userCoreType: nil, detectedCore: detected, features: Self.epyc)
        guard case .reexecute(let core, _) = decision else {
            Issue.record("expected re-execution for \(detected), got \(decision)")
            return
        }
        #expect(core == "Haswell")
    }

    @Test("a real core is kept", arguments: ["Zen", "Haswell", "SkylakeX", "CooperLake", "SapphireRapids"])
    func realCoreKept(detected: String) {
        for features in [Self.emeraldRapids, Self.epyc] {
            let decision = BLASCoreChoice.decide(mode: .auto, userCoreType: nil, detectedCore: detected, features: features)
            guard case .keep = decision else {
                Issue.record("\(detected) should be kept, got \(decision)")
                continue
            }
        }
    }

    @Test("a CPU without AVX2+FMA keeps its generic core")
    func noBetterKernel() {
        let decision = BLASCoreChoice.decide(mode: .auto, userCoreType: nil, detectedCore: "Core2", features: Self.oldCPU)
        guard case .keep(let reason) = decision else {
            Issue.record("expected keep, got \(decision)")
            return
        }
        #expect(reason.contains("AVX2"))
    }

    @Test("OPENBLAS_CORETYPE set by the user is never overridden, whatever the mode")
    func userChoiceRespected() {
        for mode in [BLASCoreChoice.Mode.auto, .keep, .named("SkylakeX"), .named("Zen")] {
            let decision = BLASCoreChoice.decide(mode: mode, userCoreType: "Prescott", detectedCore: "Prescott", features: Self.emeraldRapids)
            guard case .keep(let reason) = decision else {
                Issue.record("mode \(mode) overrode the user's OPENBLAS_CORETYPE: \(decision)")
                continue
            }
            #expect(reason.contains("OPENBLAS_CORETYPE=Prescott"))
        }
    }

    @Test("an empty OPENBLAS_CORETYPE counts as unset")
    func emptyUserValue() {
        let decision = BLASCoreChoice.decide(mode: .auto, userCoreType: "", detectedCore: "Prescott", features: Self.emeraldRapids)
        #expect(decision == .reexecute(coreType: "SkylakeX", reason: "OpenBLAS fell back to Prescott on a CPU with AVX-512F"))
    }

    @Test("keep mode keeps even a fallback core")
    func keepMode() {
        let decision = BLASCoreChoice.decide(mode: .keep, userCoreType: nil, detectedCore: "Prescott", features: Self.emeraldRapids)
        guard case .keep = decision else {
            Issue.record("keep mode re-executed: \(decision)")
            return
        }
    }

    @Test("a named core re-executes unless it already runs")
    func namedMode() {
        let switchCore = BLASCoreChoice.decide(mode: .named("Haswell"), userCoreType: nil, detectedCore: "Zen", features: Self.epyc)
        guard case .reexecute(let core, _) = switchCore else {
            Issue.record("expected re-execution with Haswell, got \(switchCore)")
            return
        }
        #expect(core == "Haswell")

        let same = BLASCoreChoice.decide(mode: .named("Zen"), userCoreType: nil, detectedCore: "ZEN", features: Self.epyc)
        guard case .keep = same else {
            Issue.record("asking for the running core re-executed: \(same)")
            return
        }
    }

    @Test("Mode(argument:) parses auto, keep and core names case-insensitively")
    func modeParsing() {
        #expect(BLASCoreChoice.Mode(argument: "auto") == .auto)
        #expect(BLASCoreChoice.Mode(argument: "AUTO") == .auto)
        #expect(BLASCoreChoice.Mode(argument: "keep") == .keep)
        #expect(BLASCoreChoice.Mode(argument: "Keep") == .keep)
        #expect(BLASCoreChoice.Mode(argument: "haswell") == .named("Haswell"))
        #expect(BLASCoreChoice.Mode(argument: "SKYLAKEX") == .named("SkylakeX"))
        #expect(BLASCoreChoice.Mode(argument: "Zen") == .named("Zen"))
        #expect(BLASCoreChoice.Mode(argument: "SANDYBRIDGE") == .named("Sandybridge"))
        // Families no machine here can run (FMA4/XOP, BF16/AMX) are not offered.
        #expect(BLASCoreChoice.Mode(argument: "opteron_sse3") == nil)
    }

    @Test("Mode(argument:) refuses unknown names", arguments: ["NoSuchCore", "", "zen2", "Haswell ", "skylake"])
    func modeRejects(argument: String) {
        #expect(BLASCoreChoice.Mode(argument: argument) == nil)
    }

    @Test("every known core parses to itself")
    func knownCoresRoundTrip() {
        for name in BLASCoreChoice.knownCores { #expect(BLASCoreChoice.Mode(argument: name) == .named(name)) }
    }

    @Test("cpuClass names vendor and vector width")
    func cpuClass() {
        #expect(Self.emeraldRapids.cpuClass == "GenuineIntel-avx512")
        #expect(Self.epyc.cpuClass == "AuthenticAMD-avx2")
        #expect(Self.oldCPU.cpuClass == "GenuineIntel-sse")
        let here = CPUFeatures.current()
        #expect(here.cpuClass.hasPrefix(here.vendor + "-"))
        #expect(!here.vendor.isEmpty)
    }
}
