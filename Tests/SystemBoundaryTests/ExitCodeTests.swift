import Testing
import SystemBoundary

@Suite("exit codes")
struct ExitCodeTests {
    /// The numbers docs/contracts.md ("Exit codes") promises for each name.
    @Test("every name carries its documented number")
    func documentedNumbers() {
        #expect(ExitCode.success.rawValue == 0)
        #expect(ExitCode.verificationFailed.rawValue == 1)
        #expect(ExitCode.usageError.rawValue == 2)
        #expect(ExitCode.runFailed.rawValue == 3)
        #expect(ExitCode.error.rawValue == 1)
        #expect(ExitCode.regressed.rawValue == 2)
        #expect(Console.outputFailedStatus == .runFailed)
    }

}
