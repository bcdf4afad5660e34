import SystemBoundary

/// One diagnostic line on stderr, prefixed with the program name.
public func printMPIError(_ message: String) {
    writeAll("gemmbench-mpi: \(message)\n", to: .standardError)
}
