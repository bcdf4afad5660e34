import Foundation
import Testing
import Vocabulary

/// Usage errors: exit status 2 and exactly one line on stderr that names the
/// bad argument; never a crash, a stack trace or partial output on stdout.
@Suite("gemmbench usage errors")
struct UsageErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        /// Every one of these must appear in the message.
        let mentions: [String]
        var testDescription: String { arguments.joined(separator: " ") }
        init(_ arguments: [String], _ mentions: String...) {
            self.arguments = arguments
            self.mentions = mentions
        }
    }

    static let cases: [Case] = [
        Case(["gemm", "--size", "4", "--bogus"], "--bogus"),
        Case(["gemm", "--size"], "--size"),
        Case(["gemm", "--size", "abc"], "--size", "abc"),
        Case(["gemm", "--size=abc"], "--size", "abc"),
        Case(["gemm", "--size", "0"], "--size"),
        Case(["gemm", "--size", "-5"], "--size", "-5"),
        Case(["gemm", "--m", "5", "--k", "5"], "--n"),
        Case(["gemm", "--size", "5", "--m", "5"], "--size", "--m"),
        Case(["gemm", "--size", "8", "--workers", "-1"], "--workers", "-1"),
        Case(["gemm", "--size", "8", "--workers", "x"], "--workers", "x"),
        Case(["gemm", "--size", "8", "--threads", "0"], "--threads", "0"),
        Case(["gemm", "--size", "8", "--repeat", "0"], "--repeat"),
        Case(["gemm", "--size", "8", "--samples"], "--samples", "--csv"),
        Case(["sweep", "--suite", "quick", "--seed", "-1"], "--seed"),
        Case(["gemm", "--size", "8", "--min-time", "-1"], "--min-time"),
        Case(["gemm", "--size", "8", "--workers", "2", "--split", "0x2"], "--split", "0x2"),
        Case(["gemm", "--size", "8", "--workers", "2", "--split", "2x"], "--split", "2x"),
        Case(["gemm", "--size", "3", "--workers", "2", "--split", "5x5"], "--split", "5x5"),
        Case(["gemm", "--size", "8", "--split", "2x2"], "--split", "--workers"),
        Case(["gemm", "--size", "8", "--bind", "cores"], "--bind", "--workers"),
        Case(["gemm", "--size", "8", "--workers", "1", "--bind", "numa"], "--bind", "numa"),
        Case(["chain", "--dims", "4,4,4", "--bind", "none"], "--bind", "--workers"),
        Case(["gemm", "--size", "8", "--transport", "shm"], "--transport", "--workers"),
        Case(["gemm", "--size", "8", "--workers", "1", "--transport", "carrier-pigeon"], "--transport", "carrier-pigeon"),
        Case(["gemm", "--size", "8", "--kernel", "fast"], "--kernel", "fast"),
        Case(["gemm", "--size", "8", "--task-timeout", "5"], "--task-timeout", "--workers"),
        Case(["gemm", "--size", "8", "--workers", "1", "--task-timeout", "0"], "--task-timeout"),
        Case(["chain", "--dims", "4,4,4", "--workers", "1", "--task-timeout", "soon"], "--task-timeout", "soon"),
        Case(["frobnicate"], "frobnicate"),
        Case(["gemm", "--size", "8", "--blas-core", "NoSuchCore"], "--blas-core", "NoSuchCore"),
        Case(["info", "--blas-core"], "--blas-core"),
        Case(["--blas-core", "NoSuchCore", "info"], "--blas-core", "NoSuchCore"),
        Case(["--blas-core", "Bulldozer", "info"], "--blas-core", "Bulldozer"),
        // Issue 17, item 12: a repeated flag is a mistake, never "the last one wins".
        Case(["gemm", "--size", "64", "--size", "32"], "--size", "more than once"),
        Case(["gemm", "--size=64", "--size", "32"], "--size", "more than once"),
        Case(["gemm", "--size", "8", "--csv", "--csv"], "--csv", "more than once"),
        Case(["chain", "--inputs", "a.npy", "--inputs", "b.npy"], "--inputs", "more than once"),
        Case(["--blas-core", "keep", "info", "--blas-core", "keep"], "--blas-core", "more than once"),
        Case(["info", "--json", "--json"], "--json", "more than once"),
        // Item 16: digits past Int's range are too large, not "not a whole number".
        Case(["gemm", "--size", "99999999999999999999999"], "--size", "too large"),
        // Issue 19: one bound for both executables (gemmbench-mpi's OptionsTests check the same lines).
        Case(["gemm", "--size", "16777217"], "--size 16777217 is larger than 16777216"),
        Case(["gemm", "--m", "4", "--k", "4", "--n", "16777217"], "--n 16777217 is larger than 16777216"),
        Case(["chain", "--dims", "4,16777217,4"], "--dims 16777217 is larger than 16777216"),
        Case(["plan", "--dims", "4,16777217,4"], "--dims 16777217 is larger than 16777216"),
        Case(["gemm", "--size", "8", "--workers", "99999999999999999999999"], "--workers", "too large"),
        // Item 11: the repeat rule's bounds (RepetitionLimits) are refused, not clamped.
        Case(["gemm", "--size", "8", "--min-time", "1e308"], "--min-time", "3600"),
        Case(["gemm", "--size", "8", "--repeat", "100000000000000"], "--repeat", "10000"),
        Case(["gemm", "--size", "8", "--repeat", "10001"], "--repeat", "10000"),
        Case(["gemm", "--size", "8", "--warmup", "1000000000000"], "--warmup", "100"),
    ]

    @Test("exit 2 with one line naming the argument", arguments: cases)
    func usageError(_ testCase: Case) async throws {
        let outcome = try await runGemmbench(testCase.arguments, timeout: 30)
        #expect(outcome.status == .exited(2), "stderr: \(outcome.stderr)")
        // Unfiltered: where gemmbench re-executes itself, the notice must not come too.
        expectOneCleanLine(outcome.unfilteredStderr)
        for word in testCase.mentions {
            #expect(outcome.stderr.contains(word), "message does not name \(word): \(outcome.stderr)")
        }
        #expect(outcome.stdout.isEmpty, "usage errors print nothing on stdout")
    }

    /// `compare` exits 2 for a regression and .ci/run re-sweeps on 2, so a
    /// mistyped `compare` or `baseline` must exit 1, their error code.
    static let errorCodeCases: [Case] = [
        Case(["compare"], "compare", "BASELINE_DIR"),
        Case(["compare", "X"], "compare", "BASELINE_DIR"),
        Case(["compare", "a", "b", "c"], "compare", "BASELINE_DIR"),
        Case(["compare", "a", "b", "--bogus"], "--bogus"),
        Case(["compare", "--bogus", "a", "b"], "--bogus"),
        Case(["compare", "a", "b", "--blas-core", "NoSuchCore"], "--blas-core", "NoSuchCore"),
        Case(["--blas-core", "NoSuchCore", "compare", "a", "b"], "--blas-core", "NoSuchCore"),
        Case(["baseline"], "baseline", "RUN1 RUN2 RUN3"),
        Case(["baseline", "a", "b"], "baseline", "results directory a does not exist"),
        Case(["baseline", "a", "--frob"], "--frob"),
        Case(["baseline", "a", "--into"], "--into"),
    ]

    @Test("compare and baseline: exit 1 with one line naming the argument", arguments: errorCodeCases)
    func compareAndBaselineUsageError(_ testCase: Case) async throws {
        let outcome = try await runGemmbench(testCase.arguments, timeout: 30)
        #expect(outcome.status == .exited(1), "stderr: \(outcome.stderr)")
        expectOneCleanLine(outcome.unfilteredStderr)
        for word in testCase.mentions {
            #expect(outcome.stderr.contains(word), "message does not name \(word): \(outcome.stderr)")
        }
        #expect(outcome.stdout.isEmpty, "usage errors print nothing on stdout")
    }

    @Test("a problem too large for memory names the bytes needed and available")
    func tooLargeForMemory() async throws {
        let outcome = try await runGemmbench(["gemm", "--size", "100000"], timeout: 30)
        #expect(outcome.status == .exited(2))
        expectOneCleanLine(outcome.stderr)
        // 3 · 100000² doubles.
        #expect(outcome.stderr.contains("240000000000"), "needed bytes missing: \(outcome.stderr)")
        #expect(outcome.stderr.contains("available"))
        let numbers = outcome.stderr.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(numbers.contains { $0 > 1_000_000 && $0 != 240_000_000_000 }, "available bytes missing: \(outcome.stderr)")
    }

    @Test("gemm with the message transport whose operands fit but whose copies do not is refused at once")
    func messageCopiesTooLarge() async throws {
        // Operands at 70% of MemAvailable; the copies of two workers and the
        // coordinator's staging add twice that again (issue: --size 24948 on 23 GiB).
        let available = try #require(memAvailableBytes())
        let n = Int((0.7 * Double(available) / 24).squareRoot())
        let outcome = try await runGemmbench(["gemm", "--size", String(n), "--workers", "2", "--transport", "message"],
                                             timeout: 30)
        #expect(outcome.status == .exited(2), "n = \(n): \(outcome.stderr)")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("message-transport copies"), "\(outcome.stderr)")
        #expect(outcome.seconds < 2, "took \(outcome.seconds) s")
    }

    @Test("a dimension past the supported maximum is a usage error, not an overflow")
    func hugeDimension() async throws {
        for arguments in [["gemm", "--size", "9223372036854775807"], ["gemm", "--m", "1", "--k", "99999999999", "--n", "1"],
                          ["gemm", "--size", "99999999999999999999"]] {
            let outcome = try await runGemmbench(arguments, timeout: 30)
            #expect(outcome.status == .exited(2), "\(arguments): \(outcome.stderr)")
            expectOneCleanLine(outcome.stderr)
        }
    }

    @Test("no command prints the usage and exits 2; --help exits 0")
    func noCommand() async throws {
        let bare = try await runGemmbench([], timeout: 30)
        #expect(bare.status == .exited(2))
        #expect(bare.stderr.contains("usage: gemmbench"))
        let help = try await runGemmbench(["--help"], timeout: 30)
        #expect(help.status == .exited(0))
        #expect(help.stdout.contains("gemm"))
    }

    /// The usage text is built from the Vocabulary enums: every accepted name is listed.
    @Test("--help lists every kernel, transport, planner and preset the parser accepts")
    func helpListsTheVocabulary() async throws {
        let help = try await runGemmbench(["--help"], timeout: 30)
        for list in ["--kernel \(Kernel.names)", "--transport \(Transport.names)",
                     "--planner \(PlannerKind.names)", "--preset \(ChainPreset.names)"] {
            #expect(help.stdout.contains(list), "usage lacks \(list)")
        }
    }
}

/// A bad `GEMMBENCH_SWIFT_BUILD` is a usage error before any work, never a stop inside a product.
@Suite struct SwiftBuildVariableTests {
    @Test("a bad GEMMBENCH_SWIFT_BUILD: exit 2, one line naming the variable", arguments: [
        ["gemm", "--size", "8", "--kernel", "swift"], ["chain", "--dims", "4,4,4"],
        ["gemm", "--size", "8"],
    ])
    func refusedBeforeAnyWork(_ arguments: [String]) async throws {
        let outcome = try await runGemmbench(arguments, environment: ["GEMMBENCH_SWIFT_BUILD": "sse"], timeout: 30)
        #expect(outcome.status == .exited(2), "stderr: \(outcome.stderr)")
        expectOneCleanLine(outcome.unfilteredStderr)
        #expect(outcome.stderr.contains("GEMMBENCH_SWIFT_BUILD") && outcome.stderr.contains("sse"))
        #expect(outcome.stdout.isEmpty)
    }
}

/// One line, prefixed with the program name, and no sign of a crash.
func expectOneCleanLine(_ stderr: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(stderr.hasPrefix("gemmbench: "), "stderr: \(stderr)", sourceLocation: sourceLocation)
    #expect(stderr.hasSuffix("\n") && stderr.filter { $0 == "\n" }.count == 1,
            "expected exactly one line, got: \(stderr)", sourceLocation: sourceLocation)
    expectNoCrashReport(stderr, sourceLocation: sourceLocation)
}

/// No Swift runtime trap message or backtrace.
func expectNoCrashReport(_ stderr: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for marker in ["Fatal error", "Stack dump", "Backtrace", "backtrace", "Crash", "precondition", "Illegal instruction"] {
        #expect(!stderr.contains(marker), "stderr shows a crash (\(marker)): \(stderr)", sourceLocation: sourceLocation)
    }
}

/// MemAvailable from /proc/meminfo, in bytes.
func memAvailableBytes() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
          let kib = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
    return kib * 1024
}
