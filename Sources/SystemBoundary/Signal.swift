import Glibc

/// A signal number with its name.
public struct Signal: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let interrupt = Signal(rawValue: SIGINT)
    public static let terminate = Signal(rawValue: SIGTERM)
    public static let kill = Signal(rawValue: SIGKILL)
    public static let stop = Signal(rawValue: SIGSTOP)
    /// Resumes a stopped process, even one that blocks or ignores it.
    public static let resume = Signal(rawValue: SIGCONT)
    public static let pipe = Signal(rawValue: SIGPIPE)
    public static let segmentationFault = Signal(rawValue: SIGSEGV)
    public static let busError = Signal(rawValue: SIGBUS)
    public static let abort = Signal(rawValue: SIGABRT)
    public static let illegalInstruction = Signal(rawValue: SIGILL)

    /// "SIGKILL", or "signal 40" for one without a name here.
    public var name: String {
        switch rawValue {
        case SIGKILL: return "SIGKILL"
        case SIGTERM: return "SIGTERM"
        case SIGINT: return "SIGINT"
        case SIGSTOP: return "SIGSTOP"
        case SIGCONT: return "SIGCONT"
        case SIGSEGV: return "SIGSEGV"
        case SIGABRT: return "SIGABRT"
        case SIGBUS: return "SIGBUS"
        case SIGILL: return "SIGILL"
        case SIGPIPE: return "SIGPIPE"
        case SIGFPE: return "SIGFPE"
        case SIGHUP: return "SIGHUP"
        default: return "signal \(rawValue)"
        }
    }

    /// "signal 9 (SIGKILL)".
    public var description: String { "signal \(rawValue) (\(name))" }

    /// Sends this signal to the calling process. The corresponding C function is `raise`.
    public func raise() { _ = Glibc.raise(rawValue) }

    /// From now on this signal is ignored (and stays ignored across exec).
    /// The corresponding C function is `signal(…, SIG_IGN)`.
    public func ignore() { _ = Glibc.signal(rawValue, SIG_IGN) }
}

/// The corresponding C function is `kill`.
public func sendSignal(_ signal: Signal, to pid: ProcessID) {
    _ = kill(pid.rawValue, signal.rawValue)
}

/// Sleeps until a signal ends the process (a test hook's "stop answering").
/// The corresponding C function is `pause`.
public func sleepForever() -> Never {
    while true { pause() }
}
