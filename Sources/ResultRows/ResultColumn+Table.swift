import Vocabulary

// The CSV contract (README.md, "CSV"): every column of a result row, in header
// order. A new column goes at the end of `extensions`, so files written before
// it (the committed baselines among them) still read; its `doc` goes into
// README.md's table too (ResultRowsTests check the two agree).

extension ResultColumn {
    /// The header, in order: the core columns, then the extension ones.
    public static let written: [ResultColumn] = core + extensions

    /// The twenty core contract columns: a reader refuses a header without one of them.
    public static let core: [ResultColumn] = [
        .choice("op", \.op, "`gemm` or `chain`"),
        .optionalInt("m", \.m, shape), .optionalInt("k", \.k, shape), .optionalInt("n", \.n, shape),
        dims,
        .optionalChoice("kernel", \.kernel, "`blas`, `swift` or `naive`"),
        .int("workers", \.workers, "worker processes; 0 = single process"),
        .int("threads", \.threads, "BLAS threads per process"),
        .optionalChoice("transport", \.transport, "`shm` or `message` (empty single-process)"),
        .text("split", \.split, "tile grid `RxC` (gemm with workers)"),
        .optionalChoice("planner", \.planner, "chain planner"),
        .int("reps", \.reps, "timed repetitions"),
        .real("median_s", \.medianSeconds, seconds), .real("min_s", \.minSeconds, seconds),
        .real("max_s", \.maxSeconds, seconds),
        .real("gflops", \.gflops,
              "useful flops / median_s / 1e9: 2·m·k·n for gemm, the executed plan's flops for a chain"),
        .optionalReal("speedup", \.speedup,
                      "in a sweep: median of the single-process 1-thread BLAS run of the same problem ÷ this median"),
        residual,
        .choice("verdict", \.verdict, "`PASS` or `FAIL`"),
        blasCore,
    ]

    /// Columns after the core ones: readers accept files that lack any of them.
    public static let extensions: [ResultColumn] = [preset] + measurement + multiNode + late

    /// `samples_s`, every timed run: written after all others only when a run
    /// is asked for its samples (`--samples`, which a sweep passes to its children).
    public static let samples = ResultColumn(
        "samples_s", "every timed run, seconds, separated by spaces (only with `--samples`)",
        write: { ($0.samples ?? []).map { "\($0)" }.joined(separator: " ") },
        read: { (row, cell) throws(FileLineError) in
            guard let text = cell.optionalText else { row.samples = nil; return }
            let parsed = text.split(separator: " ").map { Double($0) }
            guard !parsed.contains(where: { $0 == nil || !$0!.isFinite }) else {
                throw cell.fail("finite numbers separated by spaces")
            }
            row.samples = parsed.map { $0! }
        })

    // MARK: Shared doc lines

    private static let shape = "gemm shape: A is m×k, B k×n (empty for chains)"
    private static let seconds = "seconds per product (or whole chain)"

    // MARK: Core columns with a rule of their own

    private static let dims = ResultColumn(
        "dims", "chain dims joined by `x` (empty for gemm)",
        write: { $0.dims.map { $0.map(String.init).joined(separator: "x") } ?? "" },
        read: { (row, cell) throws(FileLineError) in
            guard let text = cell.optionalText else { row.dims = nil; return }
            let parts = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
            guard !parts.contains(nil) else { throw cell.fail("integers joined by 'x'") }
            row.dims = parts.map { $0! }
        })

    /// r = ∞ is how a NaN or infinity in the product is reported (docs/contracts.md,
    /// "Verification"); it can only stand beside FAIL.
    private static let residual = ResultColumn(
        "residual", "the scaled residual the verdict was judged on: the largest difference in units of what "
            + "rounding could produce (PASS below 16)",
        write: { "\($0.residual)" },
        read: { (row, cell) throws(FileLineError) in
            let failed = cell.record.text("verdict") == Verdict.fail.rawValue
            row.residual = failed && cell.text == "\(Double.infinity)" ? .infinity : try cell.real()
        })

    /// Empty is allowed: the cell is kept as written.
    private static let blasCore = ResultColumn(
        "blas_core", "the kernel that ran: OpenBLAS's core (`openblas_get_corename`), BLIS's architecture, "
            + "`generic` for the reference BLAS; `swift-avx2` / `swift-avx512` (the Swift kernel's build) or "
            + "`naive` for gemm rows of those kernels",
        write: { $0.blasCore }, read: { row, cell in row.blasCore = cell.text })

    // MARK: Extension columns, in the order they were added

    private static let preset = ResultColumn(
        "preset", "chain preset name, when one was used (an extension column; the rest follow it)",
        write: { $0.preset ?? "" },
        read: { (row, cell) throws(FileLineError) in
            guard let name = cell.optionalText else { row.preset = nil; return }
            guard ChainPreset.named(name) != nil else { throw cell.fail("one of \(ChainPreset.names) or empty") }
            row.preset = name
        })

    /// Benchmarks/README.md, "Methodology".
    private static let measurement: [ResultColumn] = [
        .optionalInt("rounds", \.rounds, "rounds the samples were pooled from (1 for a single run)"),
        .optionalReal("ci_lo_s", \.ciLowSeconds, medianInterval), .optionalReal("ci_hi_s", \.ciHighSeconds, medianInterval),
        .optionalReal("speedup_lo", \.speedupLow, speedupInterval),
        .optionalReal("speedup_hi", \.speedupHigh, speedupInterval),
        .optionalReal("efficiency", \.efficiency, "speedup ÷ (processes × threads used); sweep only"),
        .optionalReal("pct_peak", \.percentOfPeak,
                      "gflops ÷ (measured per-core FMA peak × cores used), percent; sweep only"),
        .yesNo("noisy", \.noisy, "`yes` when the CI half-width exceeds 5% of the median (a suite can change it) "
            + "or a gemm efficiency exceeds 1.10"),
        .optionalReal("steal_pct", \.stealPercent,
                      "CPU time stolen by the hypervisor while the row was measured, percent"),
        .text("bind", \.bind, "how workers were pinned (`none`, `cores`, `sockets`); empty without workers"),
        .yesOrEmpty("auto", \.auto, "`yes` when `--workers auto` / `--threads auto` chose workers, threads and split"),
    ]
    private static let medianInterval = "95% confidence interval of `median_s` (order statistics; empty below 6 runs)"
    private static let speedupInterval = "95% confidence interval of `speedup` (bootstrap; sweep only)"

    /// docs/cluster.md, "CSV".
    private static let multiNode: [ResultColumn] = [
        .text("backend", \.backend, "`process` for gemmbench's rows, `mpi` for gemmbench-mpi's"),
        .optionalInt("ranks", \.ranks, mpiShape), .optionalInt("nodes", \.nodes, mpiShape),
        .text("grid", \.grid, mpiShape),
        .text("algorithm", \.algorithm, "`tiles` for gemmbench's rows; gemmbench-mpi's `summa`, `pdgemm` or `tiles` "
            + "(its ranks as the worker pool)"),
        .text("node_split", \.nodeSplit, mpiChoice), .yesOrEmpty("grid_given", \.gridGiven, mpiChoice),
    ]
    private static let mpiShape = "MPI ranks, nodes and process grid `PxQ` (empty for `process` rows)"
    private static let mpiChoice = "gemmbench-mpi's `--node-split`, and `yes` when `--grid` chose the grid"

    /// The probe, the verification's power and the BLAS library (docs/contracts.md, "CSV").
    private static let late: [ResultColumn] = [
        .optionalReal("core_rt_ns", \.coreRoundTripNs, "the inter-core round trip (one cache line between two "
            + "pinned threads) while the row was measured, nanoseconds; sweep only (Benchmarks/README.md, \"Methodology\")"),
        .optionalReal("detect_rel", \.detectionLimit, "the smallest error in one entry of the result, relative to "
            + "max|Y|, that this row's check was sure to flag (a sweep: the weakest of its rounds)"),
        .optionalReal("check_s", \.checkSeconds, "seconds the verification took, once per run, outside the timings "
            + "(a sweep: the median of its rounds)"),
        .text("blas_library", \.blasLibrary, "the BLAS library that computed the row: `openblas` (the linked one), "
            + "a `--blas` name (`blis`, `reference`, `scipy-openblas`) or the path it was loaded from; empty in "
            + "files older than the column"),
        .text("blas_version", \.blasVersion, "the version that library reports (`0.3.21`, `0.9.0`), or the one in "
            + "its file name (`3.11.0`)"),
    ]
}

extension ResultRow {
    /// The CSV header: the twenty core contract columns in contract order, then the
    /// extension columns (`preset`, then the measurement ones). Readers find
    /// columns by name, not position (README.md, "CSV").
    public static let columns = ResultColumn.written.map(\.name)

    /// Appended after `columns` only when a run is asked for its samples.
    public static let samplesColumn = ResultColumn.samples.name

    /// The row's cells as strings, in `columns` order, before CSV quoting.
    public var cells: [String] { ResultColumn.written.map { $0.write(self) } }
}
