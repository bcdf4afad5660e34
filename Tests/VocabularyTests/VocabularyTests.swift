import Testing
import Vocabulary

/// The names are the command line's, the suites' and the CSV's: renaming a case
/// silently would break every saved raw.csv and suite file.
struct VocabularyTests {
    @Test func namesAreTheCommandLineSpellings() {
        #expect(Kernel.names == "blas|swift|naive")
        #expect(Transport.names == "shm|message")
        #expect(PlannerKind.names == "left|optimal|tree|parallel")
        #expect(Op.names == "gemm|chain")
        #expect(ChainPreset.names == "square|mixed|skinny")
        #expect(Verdict.allCases.map(\.rawValue) == ["PASS", "FAIL"])
    }

    @Test func verdictFollowsPassed() {
        #expect(Verdict(passed: true) == .pass && Verdict.pass.passed)
        #expect(Verdict(passed: false) == .fail && !Verdict.fail.passed)
    }

    @Test func presetsAreFoundByExactName() {
        #expect(ChainPreset.named("mixed")?.dims == [2000, 500, 3000, 200, 2500, 1000, 150, 2000, 800])
        #expect(ChainPreset.named("Mixed") == nil)
        #expect(ChainPreset.all.allSatisfy { $0.dims.count >= 3 && $0.dims.allSatisfy { $0 > 0 } })
    }
}
