import SystemBoundary
import GemmCore
import Platform

/// The worker side: a process started by `WorkerPool` that maps the arena,
/// fixes its BLAS thread count, then runs task records until told to stop.
public enum WorkerProcess {
    /// The hidden first argument that puts the binary in worker mode.
    public static let modeArgument = "__worker"
    /// Descriptor numbers the pool dups the worker's ends onto.
    static let taskFD: Int32 = 3, replyFD: Int32 = 4, arenaFD: Int32 = 5, mailboxFD: Int32 = 6

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    /// Entry for `gemmbench __worker --index I --threads T --parent PID`.
    /// Returns the process exit status.
    public static func main(arguments: [String]) -> Int32 {
        // Die with the coordinator even if it is SIGKILLed and cannot clean up.
        setParentDeathSignal(.kill)
        // Ctrl-C reaches the whole process group; the coordinator answers it by
        // killing and reaping its workers, so a worker must not die first and
        // make the interrupt look like a worker crash.
        Signal.interrupt.ignore()
        do {
            let options = try parse(arguments)
            // The parent may have died before prctl took effect.
            if ProcessID.parent.rawValue != options.parent { return 3 }
            if let name = options.blas {
                guard let spec = BLASLibrarySpec(argument: name, prefix: options.blasPrefix, suffix: options.blasSuffix) else {
                    throw StartError(description: "bad worker argument --blas \(name)")
                }
                try BLAS.load(spec)
            }
            BLAS.threads = options.threads
            let arena = try Arena(attaching: FileDescriptor(rawValue: arenaFD))
            let mailboxes = try MailboxArea(attaching: FileDescriptor(rawValue: mailboxFD))
            guard let mailbox = mailboxes.mailbox(options.index) else {
                throw StartError(description: "no mailbox for worker \(options.index) in \(mailboxes.bytes) bytes")
            }
            var loop = WorkerLoop(arena: arena, mailbox: mailbox, doorbell: mailboxes.doorbell,
                                  tasks: FileDescriptor(rawValue: taskFD), replies: FileDescriptor(rawValue: replyFD))
            defer { withExtendedLifetime(mailboxes) {} }
            try loop.run()
            return 0
        } catch {
            printError("worker: \(error)")
            return 3
        }
    }

    /// What "ready" says: the OpenBLAS core and the CPUs this worker may run on
    /// (read back with `sched_getaffinity`), as "CORE cpus=0-3,8". A CPU list
    /// too long for the record's message field is sent as "cpus=?" (unknown).
    struct ReadyMessage: Equatable {
        let core: String
        /// Empty when unknown.
        let cpus: [Int]
        static let separator = " cpus="
        static let unknown = "?"

        init(core: String, cpus: [Int]) { self.core = core; self.cpus = cpus }

        /// nil unless `text` has the separator and a CPU list (or "?") after it.
        init?(parsing text: String) {
            guard let range = text.firstRange(of: Self.separator) else { return nil }
            let list = String(text[range.upperBound...])
            var cpus: [Int] = []
            if list != Self.unknown && !list.isEmpty {
                for part in list.split(separator: ",", omittingEmptySubsequences: false) {
                    let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
                    guard (1...2).contains(bounds.count), let low = bounds.first!, let high = bounds.last!,
                          low >= 0, low <= high else { return nil }
                    cpus += Array(low...high)
                }
            }
            self.init(core: String(text[..<range.lowerBound]), cpus: cpus)
        }

        /// Runs of consecutive CPUs as "a-b", the kernel's cpulist format.
        var text: String {
            var runs: [String] = []
            var index = 0
            while index < cpus.count {
                var end = index
                while end + 1 < cpus.count && cpus[end + 1] == cpus[end] + 1 { end += 1 }
                runs.append(end == index ? "\(cpus[index])" : "\(cpus[index])-\(cpus[end])")
                index = end + 1
            }
            let list = runs.joined(separator: ",")
            let fits = core.utf8.count + Self.separator.utf8.count + list.utf8.count <= ReplyRecord.messageWidth
            return core + Self.separator + (fits ? list : Self.unknown)
        }
    }

    struct Options {
        var index = -1; var threads = 1; var parent: Int32 = -1
        /// The coordinator's `--blas` words, which load the same library here.
        var blas: String?, blasPrefix: String?, blasSuffix: String?
    }

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            switch flag {
            case "--blas": options.blas = iterator.next(); continue
            case "--blas-prefix": options.blasPrefix = iterator.next(); continue
            case "--blas-suffix": options.blasSuffix = iterator.next(); continue
            default: break
            }
            guard let value = iterator.next(), let number = Int(value) else {
                throw StartError(description: "bad worker argument \(flag)")
            }
            switch flag {
            case "--index": options.index = number
            case "--threads": options.threads = number
            case "--parent": options.parent = Int32(number)
            default: throw StartError(description: "unknown worker argument \(flag)")
            }
        }
        guard options.index >= 0, options.threads >= 1, options.parent > 0 else {
            throw StartError(description: "worker needs --index, --threads ≥ 1 and --parent")
        }
        return options
    }
}

/// Takes records from its mailbox, validates them, multiplies, replies.
///
/// "ready" and rejections go down the reply pipe (the coordinator looks there
/// when something is wrong); the answers to tasks go to the mailbox.
struct WorkerLoop {
    let arena: Arena
    let mailbox: Mailbox
    let doorbell: Doorbell
    let tasks: FileDescriptor
    let replies: FileDescriptor
    /// Private memory for the message transport, grown as needed and reused.
    private let scratch = ScratchBuffer()
    private var tasksReceived = 0
    /// The sequence number of the task being worked on.
    private var sequence: UInt32 = 0

    init(arena: Arena, mailbox: Mailbox, doorbell: Doorbell, tasks: FileDescriptor, replies: FileDescriptor) {
        self.arena = arena
        self.mailbox = mailbox
        self.doorbell = doorbell
        self.tasks = tasks
        self.replies = replies
    }

    mutating func run() throws {
        let ready = WorkerProcess.ReadyMessage(core: BLAS.coreName, cpus: (try? affinity()) ?? [])
        try sendOnPipe(ReplyRecord(status: .ready, taskID: 0, message: ready.text))
        let tasks = self.tasks
        while true {
            // A sleeping worker whose task pipe turns readable while it holds no
            // task has been left by the coordinator (end-of-file): done.
            guard let next = mailbox.awaitTask(after: sequence, spinSeconds: DispatchSpin.workerSeconds,
                                               checkSeconds: DispatchSpin.workerCheckSeconds,
                                               stillWanted: { ((try? waitReadable([tasks], timeoutMilliseconds: 0)) ?? []).isEmpty })
            else { return }
            sequence = next
            let record: TaskRecord
            do {
                record = try TaskRecord.decode(mailbox.taskBytes(), arenaCapacity: arena.capacity)
            } catch {
                // The payload size is not trustworthy either, so the task pipe
                // is unusable after a bad record: reply, then stop reading.
                try sendOnPipe(ReplyRecord(status: .rejected, taskID: 0, message: error.description))
                return
            }
            if record.kind == .stop { return }
            tasksReceived += 1
            if tasksReceived == 2 && FaultInjection.current.isWorkerFault {
                try actOut(FaultInjection.current, for: record)
            }
            switch record.transport {
            case .shm: try runShared(record)
            case .message: try runMessage(record)
            }
        }
    }

    private func runShared(_ record: TaskRecord) throws {
        let a = arena.view(offset: record.a.offset, rows: record.m, cols: record.k, leadingDimension: record.a.leadingDimension)
        let b = arena.view(offset: record.b.offset, rows: record.k, cols: record.n, leadingDimension: record.b.leadingDimension)
        let c = arena.view(offset: record.c.offset, rows: record.m, cols: record.n, leadingDimension: record.c.leadingDimension)
        let start = monotonicSeconds()
        record.kernel.multiply(a, b, into: c, alpha: record.alpha, beta: record.beta)
        try send(ReplyRecord(status: .done, taskID: record.taskID, computeSeconds: monotonicSeconds() - start))
    }

    private mutating func runMessage(_ record: TaskRecord) throws {
        let (m, n, k) = (record.m, record.n, record.k)
        let aCount = m * k, bCount = k * n, cCount = m * n
        let base = scratch.reserve(doubles: aCount + bCount + cCount)
        let a = MatrixView(base: base, rows: m, cols: k, leadingDimension: max(k, 1))
        let b = MatrixView(base: base + aCount, rows: k, cols: n, leadingDimension: max(n, 1))
        let c = MatrixView(base: base + aCount + bCount, rows: m, cols: n, leadingDimension: max(n, 1))
        let inbound = (aCount + bCount + (record.beta != 0 ? cCount : 0)) * 8
        guard try tasks.readExactly(into: UnsafeMutableRawPointer(base), count: inbound) || inbound == 0 else {
            throw Errno("read (task payload missing)", code: Errno.brokenPipe)
        }
        let start = monotonicSeconds()
        record.kernel.multiply(a, b, into: c, alpha: record.alpha, beta: record.beta)
        let seconds = monotonicSeconds() - start
        try send(ReplyRecord(status: .done, taskID: record.taskID, computeSeconds: seconds, payloadBytes: cCount * 8))
        try replies.writeAll(UnsafeRawPointer(c.base), count: cCount * 8)
    }

    /// The test hooks of `FaultInjection` that misbehave in a worker. None
    /// returns: each ends the process, or replies wrongly (or not at all) and
    /// then sleeps until the coordinator kills it.
    private func actOut(_ fault: FaultInjection, for record: TaskRecord) throws {
        switch fault {
        case .workerExit: exitProcess(7)
        case .workerHang: sleepForever()
        case .workerSegfault: Signal.segmentationFault.raise()
        case .workerBusError: Signal.busError.raise()
        case .halfReply:
            let bytes = ReplyRecord(status: .done, taskID: record.taskID).encoded()
            try bytes.withUnsafeBytes { raw in try replies.writeAll(raw.baseAddress!, count: raw.count / 2) }
            exitProcess(0)
        case .wrongTaskReply: try send(ReplyRecord(status: .done, taskID: record.taskID &+ 1000))
        case .secondReady: try send(ReplyRecord(status: .ready, taskID: 0, message: BLAS.coreName))
        case .closeReplies:
            replies.close()
            sleepForever()
        case .none, .corruptResult, .stallOutput, .bindCPU0, .skipFirstTouch: return
        }
        // The wrong reply is out; wait for the coordinator to end the run.
        sleepForever()
    }

    private func send(_ reply: ReplyRecord) throws {
        mailbox.answer(reply.encoded(), sequence: sequence, doorbell: doorbell)
    }

    private func sendOnPipe(_ reply: ReplyRecord) throws {
        let bytes = reply.encoded()
        try bytes.withUnsafeBytes { raw in try replies.writeAll(raw.baseAddress!, count: raw.count) }
    }
}

/// A grow-only, 64-byte aligned buffer of doubles, freed with its owner.
public final class ScratchBuffer {
    private var storage: UnsafeMutableRawPointer?
    private var capacity = 0

    public init() {}

    /// Room for at least `count` doubles (the old contents are lost when it grows).
    public func reserve(doubles count: Int) -> UnsafeMutablePointer<Double> {
        let bytes = max(count, 1) * 8
        if bytes > capacity {
            storage?.deallocate()
            storage = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            capacity = bytes
        }
        return storage!.assumingMemoryBound(to: Double.self)
    }

    deinit { storage?.deallocate() }
}
