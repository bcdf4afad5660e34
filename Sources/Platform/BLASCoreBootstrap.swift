import SystemBoundary

/// Applies `BLASCoreChoice` at start-up, before the first BLAS call.
public enum BLASCoreBootstrap {
    /// Set (to the chosen core) when gemmbench itself put OPENBLAS_CORETYPE in the
    /// environment, so the re-executed process neither mistakes it for the user's
    /// choice nor re-executes again.
    static let markerVariable = "GEMMBENCH_CHOSEN_CORETYPE"

    /// Carries the one-line notice about the re-execution to the re-executed process,
    /// which prints it when the command ends (`printNotice`), so that a usage error
    /// found there stays the only line on stderr.
    static let noticeVariable = "GEMMBENCH_CORE_CHOICE_NOTICE"

    /// The notice of the re-execution that started this process, until printed.
    nonisolated(unsafe) private static var pendingNotice: String?

    /// One line for `info` and env.json: which core runs and why.
    public nonisolated(unsafe) private(set) static var status = "not checked"

    /// A `--blas-core` request this CPU cannot honour.
    public struct Refused: Error, CustomStringConvertible {
        public let description: String
    }

    /// Decides, and when the decision is to re-execute, does so (never returns then).
    /// The re-executed process holds one notice line saying why, for `printNotice`;
    /// throws when the requested core cannot run here.
    public static func apply(mode: BLASCoreChoice.Mode) throws(Refused) {
        let environment = ProcessEnvironment()
        // Only OpenBLAS picks its kernels from a CPU table it may not know (any
        // build: the linked one, scipy-openblas, one given by path); BLIS and the
        // reference BLAS are left as they are.
        if let library = BLAS.library, library.family != .openblas {
            status = "\(library.kernel) (\(library.family == .blis ? "chosen by BLIS" : "no kernel choice"): not an OpenBLAS, no core check)"
            return
        }
        if let chosen = environment[markerVariable] {
            status = "\(BLAS.coreName) (chosen by gemmbench: OPENBLAS_CORETYPE=\(chosen))"
            pendingNotice = environment[noticeVariable]
            // Workers and sweep's children inherit the environment; the notice is this process's.
            environment.set(noticeVariable, to: nil)
            return
        }
        let decision = BLASCoreChoice.decide(
            mode: mode, userCoreType: environment["OPENBLAS_CORETYPE"],
            detectedCore: BLAS.coreName, features: .current())
        switch decision {
        case .refuse(let reason):
            throw Refused(description: reason)
        case .keep(let reason):
            status = "\(BLAS.coreName) (\(reason))"
        case .reexecute(let coreType, let reason):
            environment.set("OPENBLAS_CORETYPE", to: coreType)
            environment.set(markerVariable, to: coreType)
            environment.set(noticeVariable,
                            to: "\(reason); re-running with OPENBLAS_CORETYPE=\(coreType) (--blas-core keep disables this)")
            let failure = reexecuteSelf(arguments: CommandLine.arguments)
            // Only reached when exec failed: carry on with the detected kernel.
            environment.set("OPENBLAS_CORETYPE", to: nil)
            environment.set(markerVariable, to: nil)
            environment.set(noticeVariable, to: nil)
            status = "\(BLAS.coreName) (re-execution with \(coreType) failed: \(failure.reason))"
        }
    }

    /// Prints the re-execution notice on stderr, once; nothing when this process was
    /// not re-executed. The command line calls it when a command ends, except after a
    /// usage error.
    public static func printNotice() {
        guard let notice = pendingNotice else { return }
        pendingNotice = nil
        printError(notice)
    }
}
