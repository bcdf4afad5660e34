import Glibc

/// Writes text straight to a file descriptor (stdout 1, stderr 2), bypassing
/// stdio buffers so progress lines and tables never interleave out of order.
func writeText(_ text: String, to fd: Int32) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { return }
        offset += written
    }
}

/// One diagnostic line on stderr, prefixed with the program name.
func reportError(_ message: String) {
    writeText("gemmbench: \(message)\n", to: 2)
}

/// True when `fd` is a terminal: progress is then one rewritten line.
func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }
