import CommandLineArguments
import GemmCore
import ProcessPool
import Runners
import Vocabulary

/// Options shared by `gemm` and `chain`: how often to run, and on what.
struct MeasurementOptions {
    var workers = 0
    var threads = 1
    /// `--workers auto` / `--threads auto`: gemm picks P × T and the grid from
    /// this machine's calibration (`AutoChoice`).
    var workersAuto = false
    var threadsAuto = false
    var transport = Transport.shm
    var replyTimeout = ReplyTimeout.scaledToTask
    var binding = Binding.standard
    var repetition = RepetitionPolicy(warmups: 1, minRepetitions: 5, minSeconds: 0)
    var csv = false
    /// `--samples`: the CSV row also lists every timed run (column `samples_s`);
    /// a sweep asks for it to pool samples across rounds.
    var samples = false

    /// The options `parse` understands.
    static let flags: Set<String> = ["--workers", "--threads", "--transport", "--repeat", "--min-time", "--warmup", "--csv", "--samples",
                                     "--task-timeout", "--bind"]

    static func parse(_ options: inout ArgumentList) throws(UsageError) -> MeasurementOptions {
        var parsed = MeasurementOptions()
        switch try options.integerOrAuto("--workers", minimum: 0) {
        case .none: break
        case .some(.none): parsed.workersAuto = true
        case .some(.some(let workers)): parsed.workers = workers
        }
        let threadsOption = try options.integerOrAuto("--threads", minimum: 1)
        let threadsGiven = threadsOption != nil
        switch threadsOption {
        case .none: break
        case .some(.none): parsed.threadsAuto = true
        case .some(.some(let threads)): parsed.threads = threads
        }
        // `--workers auto` chooses the threads too, unless they are given.
        if parsed.workersAuto && !parsed.threadsAuto && !threadsGiven { parsed.threadsAuto = true }
        let auto = parsed.workersAuto || parsed.threadsAuto
        if let transport = try options.choice("--transport", of: Transport.self) {
            guard parsed.workers > 0 || auto else { throw UsageError("--transport needs --workers 1 or more") }
            parsed.transport = transport
        }
        if let seconds = try options.decimal("--task-timeout") {
            guard parsed.workers > 0 || auto else { throw UsageError("--task-timeout needs --workers 1 or more") }
            guard seconds > 0 else { throw UsageError("--task-timeout must be more than 0 seconds") }
            parsed.replyTimeout = .seconds(seconds)
        }
        if let binding = try options.choice("--bind", of: Binding.self) {
            guard parsed.workers > 0 else { throw UsageError("--bind needs --workers 1 or more") }
            parsed.binding = binding
        }
        parsed.repetition = try options.repetitionPolicy()
        (parsed.csv, parsed.samples) = try options.csvOutput()
        if parsed.workers > 1024 { throw UsageError("--workers \(parsed.workers) is more than 1024") }
        if parsed.threads > 1024 { throw UsageError("--threads \(parsed.threads) is more than 1024") }
        return parsed
    }
}

extension MeasurementOptions {
    /// Copies who multiplies (workers, threads, transport, reply timeout, binding) and how often into `config`.
    func apply<Configuration: SettableExecution>(to config: inout Configuration) {
        config.workers = workers
        config.threads = threads
        config.transport = transport
        config.replyTimeout = replyTimeout
        config.repetition = repetition
        config.binding = binding
    }
}
