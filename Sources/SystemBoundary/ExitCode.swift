/// The status a command of gemmbench or gemmbench-mpi ends with, named after
/// its documented meaning (docs/contracts.md, "Exit codes"), so no command
/// returns a bare number a reader has to look up.
///
/// `compare`, `baseline` and `report` give 1 and 2 other meanings (an error, a
/// regression) than the measuring commands (a failed verification, a usage
/// error); each meaning has its own name, so a call site says which it means.
public struct ExitCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public var description: String { "\(rawValue)" }

    /// 0: the command did what it was asked (every product verified; `compare`: every figure held).
    public static let success = ExitCode(rawValue: 0)
    /// 1: a product failed verification; its row is still printed.
    public static let verificationFailed = ExitCode(rawValue: 1)
    /// 2: a usage error, one line on stderr naming the bad argument, before any work.
    public static let usageError = ExitCode(rawValue: 2)
    /// 3: a run that could not finish: a worker or rank died or stopped
    /// answering, an MPI call or I/O failed, a write to stdout or stderr failed.
    public static let runFailed = ExitCode(rawValue: 3)

    /// `compare`, `baseline`, `report`: 1, an error (a missing tolerance, row or
    /// file, an incomplete run, a usage error), never read as a pass; `sweep`:
    /// a configuration that FAILed or has no row, or results that could not be written.
    public static let error = ExitCode(rawValue: 1)
    /// `compare`: 2, a figure regressed (a script such as .ci/run re-sweeps on it).
    public static let regressed = ExitCode(rawValue: 2)
}

/// Ends the process with a command's `status` (stdio flushed), as `exitProcess(_: Int32)`.
public func exitProcess(_ status: ExitCode) -> Never { exitProcess(status.rawValue) }

/// Ends the process with a command's `status` without library teardown, as `exitWithoutTeardown(_: Int32)`.
public func exitWithoutTeardown(_ status: ExitCode) -> Never { exitWithoutTeardown(status.rawValue) }

/// Ends the process with a command's `status` at once, as `exitImmediately(_: Int32)`.
public func exitImmediately(_ status: ExitCode) -> Never { exitImmediately(status.rawValue) }
