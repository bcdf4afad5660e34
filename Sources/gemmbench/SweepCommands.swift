import CommandLineArguments
import GemmCore
import Harness
import Platform
import SystemBoundary

/// `gemmbench sweep`, `compare` and `baseline`: thin wrappers over Harness, which
/// measures each configuration by running this same binary as a child process.
enum SweepCommands {
    /// Exit status from Harness: 0 all PASS, 1 a FAIL or a failed configuration, 2 a bad suite.
    static func sweep(_ options: inout ArgumentList, blasCore: BLASCoreChoice.Mode) throws -> ExitCode {
        guard let suite = try options.value("--suite") else {
            throw UsageError("sweep needs --suite quick|default|full|PATH")
        }
        let out = try options.value("--out") ?? "results"
        let seed = try options.integer("--seed", minimum: 0)
        try options.finish(command: "sweep")
        return runSweep(SweepOptions(suite: suite, outDirectory: out, binary: "/proc/self/exe",
                                     orderSeed: seed.map { UInt64($0) }, globalArguments: childArguments(blasCore)))
    }

    /// Exit status from Harness: 0 all hold, 2 a regression, 1 an error (a
    /// usage error too: `CommandLineInterface.usageErrorStatus(command:)`).
    static func compare(_ options: inout ArgumentList, blasCore: BLASCoreChoice.Mode) throws -> ExitCode {
        let markdown = try options.flag("--markdown")
        try options.rejectUnknownOptions(known: [], command: "compare")
        let directories = options.remaining
        guard directories.count == 2 else {
            throw UsageError("compare needs exactly two directories: BASELINE_DIR CURRENT_DIR [--markdown]")
        }
        return runCompare(baseline: directories[0], current: directories[1], binary: "/proc/self/exe",
                          globalArguments: childArguments(blasCore), markdown: markdown)
    }

    /// Exit status from Harness: 0 written, 1 an error (a usage error too).
    static func baseline(_ options: inout ArgumentList) throws -> ExitCode {
        let into = try options.value("--into")
        try options.rejectUnknownOptions(known: [], command: "baseline")
        let directories = options.remaining
        guard !directories.isEmpty else {
            throw UsageError("baseline needs results directories, at least 3 independent sweeps: baseline RUN1 RUN2 RUN3 … [--into DIR]")
        }
        return recordBaseline(runs: directories, into: into, binary: "/proc/self/exe")
    }

    /// Exit status from Harness: 0 written, 1 an error (a usage error too).
    static func report(_ options: inout ArgumentList) throws -> ExitCode {
        let markdown = try options.flag("--markdown")
        try options.rejectUnknownOptions(known: [], command: "report")
        let directories = options.remaining
        guard directories.count == 1 || directories.count == 2 else {
            throw UsageError("report needs one results directory, or two to put side by side: report RUN [RUN_B] [--markdown]")
        }
        return runReport(directories: directories, markdown: markdown)
    }

    /// The sweep's own `--blas-core` for its children: `keep` or a named core must
    /// reach the runs that measure (`auto` is what a child does anyway).
    static func childArguments(_ mode: BLASCoreChoice.Mode) -> [String] {
        switch mode {
        case .auto: return []
        case .keep: return ["--blas-core", "keep"]
        case .named(let name): return ["--blas-core", name]
        }
    }
}
