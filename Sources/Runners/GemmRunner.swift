import Execution
import GemmCore
import ProcessPool
import Platform

/// Runs and verifies one `gemm` configuration as tile products on a
/// `ProductExecutor`: this process (one tile, the whole of C), a worker pool,
/// or MPI ranks — whatever the `ExecutionBackend` makes.
public enum GemmRunner {
    public struct TooLarge: Error, CustomStringConvertible {
        public let needed: Int, available: Int
        /// The part of `needed` that is the message transport's copies (0 with shm).
        public var messageCopies = 0
        public var description: String {
            let copies = messageCopies > 0 ? ", including \(messageCopies) bytes of message-transport copies in the workers and the coordinator," : ""
            return "problem needs \(needed) bytes (\(gibibytes(needed))) of matrices\(copies) but only \(available) bytes (\(gibibytes(available))) are available"
        }
    }

    /// - Parameter executable: the gemmbench binary workers are started from.
    public static func run(_ config: GemmConfiguration, executable: String = "/proc/self/exe",
                           availableMemory: Int = MachineInfo.availableMemoryBytes()) throws -> GemmResult {
        try run(config, on: ProcessBackend(executable: executable), availableMemory: availableMemory)
    }

    /// Runs `config` with the arena and executor `backend` makes (`config.workers`
    /// is the number of workers the backend's executor has).
    public static func run(_ config: GemmConfiguration, on backend: ExecutionBackend,
                           availableMemory: Int = MachineInfo.availableMemoryBytes()) throws -> GemmResult {
        guard config.operandBytes <= availableMemory else {
            throw TooLarge(needed: config.operandBytes, available: availableMemory)
        }
        try checkAddressSpace(config)
        if config.workers == 0 {
            // The coordinator multiplies A·B itself, as one product on its own matrices.
            return try runHeld(config, grid: try TileGrid(m: config.m, n: config.n, gridRows: 1, gridCols: 1),
                               backend: backend, availableMemory: availableMemory)
        }
        let grid: TileGrid
        if let split = config.split {
            grid = try TileGrid(m: config.m, n: config.n, gridRows: split.rows, gridCols: split.cols)
        } else {
            grid = TileGrid.defaultGrid(m: config.m, n: config.n, workers: config.workers)
        }
        switch config.transport {
        case .shm: return try runShared(config, grid: grid, backend: backend, availableMemory: availableMemory)
        case .message:
            try checkMessageCopies(config, grid: grid, availableMemory: availableMemory)
            return try runHeld(config, grid: grid, backend: backend, availableMemory: availableMemory)
        }
    }

    /// The operands (with the message transport, plus its copies) must fit
    /// under `ulimit -v` in every process (`AddressSpaceCheck`).
    static func checkAddressSpace(_ config: GemmConfiguration) throws {
        var mapped = config.operandBytes
        if config.workers > 0 && config.transport == .message {
            let grid = config.split.flatMap { try? TileGrid(m: config.m, n: config.n, gridRows: $0.rows, gridCols: $0.cols) }
                ?? TileGrid.defaultGrid(m: config.m, n: config.n, workers: config.workers)
            let rows = grid.tiles.map(\.rowCount).max() ?? 0, cols = grid.tiles.map(\.colCount).max() ?? 0
            let copies = MessageTransportMemory.bytes(largestTask: (rows, config.k, cols), workers: config.workers,
                                                      tasks: grid.tiles.count) ?? Int.max
            mapped = config.operandBytes.addingReportingOverflow(copies).overflow ? Int.max : config.operandBytes + copies
        }
        try AddressSpaceCheck.check(mappedBytes: mapped, threads: config.threads)
    }

    /// Operands plus `MessageTransportMemory` for the largest tile must fit.
    static func checkMessageCopies(_ config: GemmConfiguration, grid: TileGrid, availableMemory: Int) throws {
        let rows = grid.tiles.map(\.rowCount).max() ?? 0, cols = grid.tiles.map(\.colCount).max() ?? 0
        let copies = MessageTransportMemory.bytes(largestTask: (rows, config.k, cols), workers: config.workers,
                                                  tasks: grid.tiles.count) ?? Int.max
        let (needed, overflow) = config.operandBytes.addingReportingOverflow(copies)
        guard !overflow, needed <= availableMemory else {
            throw TooLarge(needed: overflow ? Int.max : needed, available: availableMemory, messageCopies: copies)
        }
    }

    /// Operands in the arena, tasks carry offsets: zero copies.
    static func runShared(_ config: GemmConfiguration, grid: TileGrid, backend: ExecutionBackend,
                          availableMemory: Int) throws -> GemmResult {
        let aBytes = RegionAllocator.aligned(8 * config.m * config.k)
        let bBytes = RegionAllocator.aligned(8 * config.k * config.n)
        let cBytes = RegionAllocator.aligned(8 * config.m * config.n)
        let arena = try backend.makeArena(capacity: aBytes + bBytes + cBytes, availableMemory: availableMemory)
        let aLayout = OperandLayout(offset: 0, rows: config.m, cols: config.k, leadingDimension: max(config.k, 1))
        let bLayout = OperandLayout(offset: aBytes, rows: config.k, cols: config.n, leadingDimension: max(config.n, 1))
        let cLayout = OperandLayout(offset: aBytes + bBytes, rows: config.m, cols: config.n, leadingDimension: max(config.n, 1))
        let a = arena.view(offset: aLayout.offset, rows: config.m, cols: config.k, leadingDimension: aLayout.leadingDimension)
        let b = arena.view(offset: bLayout.offset, rows: config.k, cols: config.n, leadingDimension: bLayout.leadingDimension)
        let c = arena.view(offset: cLayout.offset, rows: config.m, cols: config.n, leadingDimension: cLayout.leadingDimension)
        let tasks = grid.tiles.enumerated().map { index, tile in
            let operands = TileOperands(a: aLayout, b: bLayout, c: cLayout, rows: tile.rows, cols: tile.cols)
            return PoolTask(record: TaskRecord(
                taskID: UInt64(index), kernel: config.kernel, transport: .shm,
                a: operands.a, b: operands.b, c: operands.c),
                label: tile.label)
        }
        // Filled once the workers have first-touched their pages (`FirstTouch`).
        func fill(_ executor: ProductExecutor) throws {
            let nodes = CPUTopology.current()?.numaNodes ?? 1
            // `FaultInjection.skipFirstTouch` breaks memory placement on purpose (NumaCheck/).
            if FirstTouch.isWanted(numaNodes: nodes, workers: config.workers, binding: config.binding, transport: .shm),
               FaultInjection.current != .skipFirstTouch {
                try FirstTouch.run(FirstTouch.rounds(firstUses(tasks, workers: config.workers)), on: executor)
            }
            var generator = SeededRandom(seed: config.seed)
            generator.fill(a)
            generator = SeededRandom(seed: config.seed &+ 1)
            generator.fill(b)
        }
        return try measure(config, grid: grid, tasks: tasks, arena: arena, backend: backend,
                           operands: (a, b, c), arenaBytes: arena.capacity, prepare: fill)
    }

    /// Per worker, the regions it uses first: tile t's C block and, the first
    /// time a row panel of A appears, that panel, for worker t mod P.
    static func firstUses(_ tasks: [PoolTask], workers: Int) -> [[OperandLayout]] {
        var regions = [[OperandLayout]](repeating: [], count: workers)
        var panelsSeen = Set<Int>()
        for (index, task) in tasks.enumerated() {
            let worker = index % workers
            regions[worker].append(task.record.c)
            if panelsSeen.insert(task.record.a.offset).inserted { regions[worker].append(task.record.a) }
        }
        return regions
    }

    /// The coordinator keeps A, B, C in its own memory and each tile carries its
    /// blocks: with workers, the server-process way (`message`: the blocks are
    /// shipped to a worker and the result block back); without, the coordinator
    /// multiplies the single whole-matrix tile itself.
    static func runHeld(_ config: GemmConfiguration, grid: TileGrid, backend: ExecutionBackend,
                        availableMemory: Int) throws -> GemmResult {
        let a = Matrix.random(rows: config.m, cols: config.k, seed: config.seed)
        let b = Matrix.random(rows: config.k, cols: config.n, seed: config.seed &+ 1)
        let c = Matrix(rows: config.m, cols: config.n)
        // Workers still attach an arena; with held operands it holds nothing.
        let arena = try backend.makeArena(capacity: RegionAllocator.alignment, availableMemory: availableMemory)
        let unused = OperandLayout(offset: 0, rows: 0, cols: 0, leadingDimension: 1)
        let tasks = grid.tiles.enumerated().map { index, tile in
            var record = TaskRecord(taskID: UInt64(index), kernel: config.kernel, transport: .message,
                                    a: unused, b: unused, c: unused)
            record.m = tile.rowCount; record.n = tile.colCount; record.k = config.k
            return PoolTask(record: record, label: tile.label, messageOperands: TileOperands.blocks(
                a: a.view, b: b.view, c: c.view, rows: tile.rows, cols: tile.cols))
        }
        return try measure(config, grid: grid, tasks: tasks, arena: arena, backend: backend,
                           operands: (a.view, b.view, c.view), arenaBytes: nil, prepare: { _ in })
    }

    /// Starts the executor (its start-up is timed apart), runs the tile tasks once
    /// per repetition, verifies the last C and sums the processes' memory.
    /// `prepare` runs on the started executor before anything is timed.
    static func measure(_ config: GemmConfiguration, grid: TileGrid, tasks: [PoolTask], arena: Arena,
                        backend: ExecutionBackend, operands: (a: MatrixView, b: MatrixView, c: MatrixView),
                        arenaBytes: Int?, prepare: (ProductExecutor) throws -> Void) throws -> GemmResult {
        if config.workers == 0 { try BLAS.setThreads(config.threads) }
        let executor = try backend.makeExecutor(config.execution, arena: arena)
        defer { executor.shutdown() }
        try prepare(executor)
        let queue = TaskQueue(tasks)
        let stats = try config.repetition.measure {
            queue.reset()
            try executor.run(queue)
        }
        return GemmResult(configuration: config, grid: config.workers > 0 ? grid : nil, stats: stats,
                          verification: verify(operands.a, operands.b, operands.c),
                          poolStartupSeconds: executor.startupSeconds, arenaBytes: arenaBytes,
                          memoryBytes: MemoryUsage.total(coordinatorAnd: executor.helperProcessIDs))
    }

    /// Verification of the final C (after the `corrupt-result` test hook, if set).
    static func verify(_ a: MatrixView, _ b: MatrixView, _ c: MatrixView) -> Verification.Outcome {
        FaultInjection.corruptIfRequested(c)
        return Verification.checkProduct(a: a, b: b, c: c)
    }
}
