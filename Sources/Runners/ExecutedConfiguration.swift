import Execution
import GemmCore
import ProcessPool
import Vocabulary

/// What a gemm and a chain configuration both say about who multiplies.
public protocol ExecutedConfiguration {
    /// 0 = single process (the coordinator multiplies itself).
    var workers: Int { get }
    /// BLAS threads per process (per worker when workers > 0).
    var threads: Int { get }
    var transport: Transport { get }
    /// How long each worker reply may take (`--task-timeout`).
    var replyTimeout: ReplyTimeout { get }
    /// Where workers may run (`--bind`).
    var binding: Binding { get }
}

extension ExecutedConfiguration {
    /// These fields as `Execution` takes them.
    public var execution: ExecutionSettings {
        var settings = ExecutionSettings()
        settings.workers = workers
        settings.threads = threads
        settings.transport = transport
        settings.replyTimeout = replyTimeout
        settings.binding = binding
        return settings
    }
}

/// A gemm or chain configuration whose execution fields, and how often it is
/// timed, a command line fills in (gemmbench's options, gemmbench-mpi's tiles).
public protocol SettableExecution: ExecutedConfiguration {
    var workers: Int { get set }
    var threads: Int { get set }
    var transport: Transport { get set }
    var replyTimeout: ReplyTimeout { get set }
    var binding: Binding { get set }
    var repetition: RepetitionPolicy { get set }
}

extension GemmConfiguration: SettableExecution {}
extension ChainConfiguration: SettableExecution {}
