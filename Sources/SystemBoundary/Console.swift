/// Writes text straight to a descriptor (standard output or error), bypassing
/// stdio buffers: a line is out before a signal or `_exit` can lose it, and
/// progress lines and tables never interleave out of order. Errors are
/// ignored: there is nowhere left to report them.
public func writeAll(_ text: String, to descriptor: FileDescriptor) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { raw in
        raw.isEmpty ? () : (try? descriptor.writeAll(raw.baseAddress!, count: raw.count))
    }
}

/// One diagnostic line on standard error, prefixed with the program name.
public func printError(_ message: String) {
    writeAll("gemmbench: \(message)\n", to: .standardError)
}
