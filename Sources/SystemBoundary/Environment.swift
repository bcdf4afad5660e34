import Glibc

/// This process's environment variables.
public struct ProcessEnvironment: Sendable {
    public init() {}

    /// The corresponding C function is `getenv`.
    public subscript(name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// Sets (or with nil, removes) a variable for this process and the ones it starts.
    /// The corresponding C functions are `setenv` and `unsetenv`.
    public func set(_ name: String, to value: String?) {
        if let value { setenv(name, value, 1) } else { unsetenv(name) }
    }
}

/// Processors online. The corresponding C function is `sysconf(_SC_NPROCESSORS_ONLN)`.
public func onlineProcessorCount() -> Int {
    Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}

/// This process's effective user id (0: root). The corresponding C function is `geteuid`.
public func effectiveUserID() -> UInt32 {
    UInt32(geteuid())
}
