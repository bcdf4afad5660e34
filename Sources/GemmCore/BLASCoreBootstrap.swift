import SystemBoundary

/// Applies `BLASCoreChoice` at start-up, before the first BLAS call.
public enum BLASCoreBootstrap {
    /// Set (to the chosen core) when gemmbench itself put OPENBLAS_CORETYPE in the
    /// environment, so the re-executed process neither mistakes it for the user's
    /// choice nor re-executes again.
    static let markerVariable = "GEMMBENCH_CHOSEN_CORETYPE"

    /// One line for `info` and env.json: which core runs and why.
    public nonisolated(unsafe) private(set) static var status = "not checked"

    /// A `--blas-core` request this CPU cannot honour.
    public struct Refused: Error, CustomStringConvertible {
        public let description: String
    }

    /// Decides, and when the decision is to re-execute, does so (never returns then).
    /// Prints one line on stderr when it changes the kernel; throws when the
    /// requested core cannot run here.
    public static func apply(mode: BLASCoreChoice.Mode) throws(Refused) {
        let environment = ProcessEnvironment()
        if let chosen = environment[markerVariable] {
            status = "\(BLAS.coreName) (chosen by gemmbench: OPENBLAS_CORETYPE=\(chosen))"
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
            printError("\(reason); re-running with OPENBLAS_CORETYPE=\(coreType) (--blas-core keep disables this)")
            environment.set("OPENBLAS_CORETYPE", to: coreType)
            environment.set(markerVariable, to: coreType)
            let failure = reexecuteSelf(arguments: CommandLine.arguments)
            // Only reached when exec failed: carry on with the detected kernel.
            environment.set("OPENBLAS_CORETYPE", to: nil)
            environment.set(markerVariable, to: nil)
            status = "\(BLAS.coreName) (re-execution with \(coreType) failed: \(failure.reason))"
        }
    }
}
