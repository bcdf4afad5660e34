import SystemBoundary

// The command line's output goes through SystemBoundary; these forwarders keep
// the commands' call sites (`writeAll(text, to: 1)`) short.

/// Writes `text` to standard output (1) or standard error (2), unbuffered.
func writeAll(_ text: String, to fd: Int32) {
    SystemBoundary.writeAll(text, to: FileDescriptor(rawValue: fd))
}

/// One line on standard error, prefixed with "gemmbench: ".
func printError(_ message: String) {
    SystemBoundary.printError(message)
}

typealias ProcessEnvironment = SystemBoundary.ProcessEnvironment
