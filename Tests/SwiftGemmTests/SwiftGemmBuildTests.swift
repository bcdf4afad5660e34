import Foundation
import Testing
@testable import SwiftGemm

/// The choice between the AVX2 and AVX-512 builds, and their agreement.
@Suite("SwiftGemm.Build")
struct SwiftGemmBuildTests {
    @Test("cpuid picks AVX-512 where it runs, AVX2 elsewhere; the variable overrides", arguments: [
        (requested: String?.none, avx512: true, expected: SwiftGemm.Build.avx512),
        (requested: nil, avx512: false, expected: .avx2),
        (requested: "", avx512: true, expected: .avx512),
        (requested: "auto", avx512: false, expected: .avx2),
        (requested: "avx2", avx512: true, expected: .avx2),
        (requested: "avx2", avx512: false, expected: .avx2),
        (requested: "avx512", avx512: true, expected: .avx512),
    ])
    func choice(requested: String?, avx512: Bool, expected: SwiftGemm.Build) throws {
        let choice = try SwiftGemm.Build.choose(requested: requested, runsAVX512: avx512)
        #expect(choice.build == expected)
        #expect(choice.reason.contains(requested.map { $0.isEmpty || $0 == "auto" ? "cpuid" : "GEMMBENCH_SWIFT_BUILD=\($0)" } ?? "cpuid"))
    }

    @Test("An unknown name, or avx512 without AVX-512, is refused")
    func refusals() {
        #expect(throws: SwiftGemmError.buildNotRunnable(requested: "avx512")) {
            try SwiftGemm.Build.choose(requested: "avx512", runsAVX512: false)
        }
        for name in ["AVX2", "sse", "avx-512", " avx2"] {
            #expect(throws: SwiftGemmError.unknownBuild(requested: name)) {
                try SwiftGemm.Build.choose(requested: name, runsAVX512: true)
            }
        }
    }

    @Test("An AVX-512 machine tests both builds; the default runs the selected one")
    func testedBuildsFollowTheCPU() throws {
        #expect(testedBuilds.contains(.avx2))
        #expect(testedBuilds.contains(.avx512) == SwiftGemm.Build.avx512.runsHere)
        let selected = try SwiftGemm.Build.selected.get()
        #expect(testedBuilds.contains(selected.build))
    }

    /// Each C element is one FMA chain over p in the same depth blocks (512) in
    /// both builds, so the two must agree bit for bit; the default (nil) build
    /// must be the selected one.
    @Test("Both builds and the default give bit-identical products")
    func buildsAgreeBitwise() throws {
        var generator = SeededGenerator(seed: 0xA512)
        let selected = try SwiftGemm.Build.selected.get().build
        for _ in 0..<6 {
            let m = Int.random(in: 1...50, using: &generator)
            let k = Int.random(in: 1...1100, using: &generator)
            let n = Int.random(in: 1...70, using: &generator)
            let a = PaddedMatrix(rows: m, cols: k, ld: k + 1, padding: .nan, using: &generator)
            let b = PaddedMatrix(rows: k, cols: n, ld: n + 2, padding: .nan, using: &generator)
            let c0 = PaddedMatrix(rows: m, cols: n, ld: n + 3, padding: -7.25, using: &generator)
            var results: [[UInt64]] = []
            for build in testedBuilds {
                var c = c0
                runSwiftGemm(build, alpha: 1.5, a, b, beta: -0.5, &c)
                results.append(c.storage.map(\.bitPattern))
            }
            var c = c0
            runSwiftGemm(nil, alpha: 1.5, a, b, beta: -0.5, &c)
            #expect(c.storage.map(\.bitPattern) == results[testedBuilds.firstIndex(of: selected)!], "\(m)×\(k)×\(n)")
            #expect(results.allSatisfy { $0 == results[0] }, "\(m)×\(k)×\(n)")
        }
    }
}

/// The linker merges specialisations that two modules both emit, so AVX-512 code
/// could reach the AVX2 path unseen and fault with SIGILL on a CPU without it.
/// This disassembles the running test binary and requires every function that
/// holds an EVEX-encoded instruction (AVX-512's prefix byte 0x62) to say `avx512`
/// in its name: the AVX-512 instance, and the C peak probe's AVX-512 loop.
@Suite("AVX-512 instructions stay in the AVX-512 build")
struct InstructionSetConfinementTests {
    static let objdump = "/usr/bin/objdump"

    @Test("Only functions named for AVX-512 hold EVEX instructions",
          .enabled(if: FileManager.default.isExecutableFile(atPath: objdump), "needs binutils' objdump"))
    func evexOnlyInAVX512Functions() throws {
        // objdump's own status is lost in the pipe; an empty list fails below.
        let script = "\(Self.objdump) -d /proc/\(ProcessInfo.processInfo.processIdentifier)/exe 2>&1"
            + #" | awk -F'\t' '/^[0-9a-f]+ </{f=$0} NF>=3 && $2 ~ /^((66|67|f2|f3) )*62 /{print f}' | sort -u"#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let functions = output.split(separator: "\n").map(String.init)
        // The check can fail: the AVX-512 micro-kernel must be found by it.
        #expect(functions.contains { $0.contains("AVX512Blocking") }, "no EVEX code found at all: \(functions)")
        let strays = functions.filter { !$0.lowercased().contains("avx512") }
        #expect(strays.isEmpty, "EVEX instructions outside the AVX-512 build: \(strays)")
    }
}
