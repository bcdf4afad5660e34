import Harness

/// `gemmbench sweep` and `gemmbench compare`: thin wrappers over Harness, which
/// measures each configuration by running this same binary as a child process.
enum SweepCommands {
    /// Exit status from Harness: 0 all PASS, 1 a FAIL or a failed configuration, 2 a bad suite.
    static func sweep(_ options: inout ArgumentList) throws -> Int32 {
        guard let suite = try options.value("--suite") else {
            throw UsageError("sweep needs --suite quick|default|full|PATH")
        }
        let out = try options.value("--out") ?? "results"
        try options.finish(command: "sweep")
        return runSweep(SweepOptions(suite: suite, outDirectory: out, binary: "/proc/self/exe"))
    }

    /// Exit status from Harness: 0 all hold, 2 a regression, 1 an error.
    static func compare(_ options: inout ArgumentList) throws -> Int32 {
        let directories = options.remaining.filter { !$0.hasPrefix("--") }
        guard directories.count == 2, directories.count == options.remaining.count else {
            throw UsageError("compare needs exactly two directories: BASELINE_DIR CURRENT_DIR")
        }
        return runCompare(baseline: directories[0], current: directories[1], binary: "/proc/self/exe")
    }
}
