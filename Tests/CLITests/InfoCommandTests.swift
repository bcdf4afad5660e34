import Foundation
import Testing

@Suite("gemmbench info")
struct InfoCommandTests {
    @Test("info prints the OpenBLAS configuration and the core that runs")
    func plainInfo() async throws {
        let outcome = try await runGemmbench(["info"], timeout: 30)
        #expect(outcome.status == .exited(0), "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n")
        let config = lines.first { $0.hasPrefix("openblas_config ") }
        let core = lines.first { $0.hasPrefix("blas_core ") }
        #expect(config?.contains("OpenBLAS") == true, "no openblas_config line in:\n\(outcome.stdout)")
        #expect(core.map { $0.split(separator: " ").count >= 2 } == true, "no blas_core value in:\n\(outcome.stdout)")
    }

    @Test("info --json is valid JSON with cpu_class, blas_core and openblas_config")
    func jsonInfo() async throws {
        let outcome = try await runGemmbench(["info", "--json"], timeout: 30)
        #expect(outcome.status == .exited(0), "\(outcome.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))
        let fields = try #require(object as? [String: Any], "not a JSON object:\n\(outcome.stdout)")
        for key in ["cpu_class", "blas_core", "openblas_config"] {
            let value = fields[key] as? String
            #expect(value?.isEmpty == false, "\(key) missing or empty")
        }
        #expect((fields["openblas_config"] as? String)?.contains("OpenBLAS") == true)
        #expect((fields["cores"] as? NSNumber).map { $0.intValue >= 1 } == true, "cores is a number")
        #expect(fields["cpu_avx2_fma"] is Bool || (fields["cpu_avx2_fma"] as? NSNumber) != nil)
        let peak = try #require((fields["peak_gflops_per_core"] as? NSNumber)?.doubleValue, "peak is a number")
        #expect(peak > 1 && peak < 1000, "a per-core double-precision peak in GFLOP/s: \(peak)")
        #expect((fields["peak_method"] as? String)?.contains("fma") == true || (fields["peak_method"] as? String)?.contains("sse2") == true)
    }

    @Test("--blas-core keep before the command is honoured and reported")
    func globalOptionFirst() async throws {
        let outcome = try await runGemmbench(["--blas-core", "keep", "info"])
        #expect(outcome.status == .exited(0), "stderr: \(outcome.stderr)")
        // Unless the user set OPENBLAS_CORETYPE (always respected), keep says so.
        #expect(outcome.stdout.contains("--blas-core keep") || outcome.stdout.contains("set by the user"))
    }

    @Test("info refuses stray arguments")
    func strayArgument() async throws {
        let outcome = try await runGemmbench(["info", "--yaml"], timeout: 30)
        #expect(outcome.status == .exited(2))
        #expect(outcome.stderr.contains("--yaml"))
    }
}

/// The filter the other tests rely on removes exactly the core-choice notice.
@Suite("core-choice notice filter")
struct CoreChoiceNoticeFilterTests {
    @Test("the notice line goes, everything else stays")
    func filter() {
        let notice = "gemmbench: OpenBLAS fell back to Prescott on a CPU with AVX-512F; re-running with OPENBLAS_CORETYPE=SkylakeX (--blas-core keep disables this)\n"
        let error = "gemmbench: --size 0 must be at least 1\n"
        #expect(withoutCoreChoiceNotice(notice + error) == error)
        #expect(withoutCoreChoiceNotice(error) == error)
        #expect(withoutCoreChoiceNotice(notice) == "")
        #expect(withoutCoreChoiceNotice("") == "")
    }
}
