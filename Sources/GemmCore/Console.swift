import Glibc

/// Writes text straight to a file descriptor (stdout 1, stderr 2), bypassing
/// stdio buffers: a line is out before a signal or `_exit` can lose it.
public func writeAll(_ text: String, to fd: Int32) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { return }
        offset += written
    }
}

/// One diagnostic line on stderr, prefixed with the program name.
public func printError(_ message: String) {
    writeAll("gemmbench: \(message)\n", to: 2)
}
