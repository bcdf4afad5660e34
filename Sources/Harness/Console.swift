import SystemBoundary

/// Writes text straight to a file descriptor (stdout 1, stderr 2); see SystemBoundary's `writeAll`.
func writeText(_ text: String, to fd: Int32) {
    writeAll(text, to: FileDescriptor(rawValue: fd))
}

/// One diagnostic line on stderr, prefixed with the program name.
func reportError(_ message: String) {
    printError(message)
}

/// True when `fd` is a terminal: progress is then one rewritten line.
func isTerminal(_ fd: Int32) -> Bool { FileDescriptor(rawValue: fd).isTerminal }
