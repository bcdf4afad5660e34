/// One measured configuration: a line of `--csv` output and of a sweep's raw.csv.
///
/// The column list is the DESIGN.md CSV contract; `ResultRow.columns` is the one
/// place it is spelled out. Unused fields are `nil` and print as empty cells.
public struct ResultRow: Equatable, Sendable {
    public var op: String              // "gemm" or "chain"
    public var m: Int?
    public var k: Int?
    public var n: Int?
    public var dims: [Int]?            // chain dims, printed joined by "x"
    public var kernel: String?
    public var workers: Int
    public var threads: Int
    public var transport: String?
    public var split: String?          // "RxC"
    public var planner: String?
    public var reps: Int
    public var medianSeconds: Double
    public var minSeconds: Double
    public var maxSeconds: Double
    public var gflops: Double
    public var speedup: Double?        // filled in by a sweep only
    public var residual: Double
    public var verdict: String         // "PASS" or "FAIL"
    public var blasCore: String
    /// The chain preset's name (`--preset`), empty otherwise. An extension of the
    /// DESIGN.md schema, after its last column: it names a chain row in the pivot
    /// tables and `compare` without mapping dims back to a preset.
    public var preset: String?

    public init(
        op: String, m: Int? = nil, k: Int? = nil, n: Int? = nil, dims: [Int]? = nil,
        kernel: String? = nil, workers: Int, threads: Int, transport: String? = nil,
        split: String? = nil, planner: String? = nil, reps: Int,
        medianSeconds: Double, minSeconds: Double, maxSeconds: Double, gflops: Double,
        speedup: Double? = nil, residual: Double, verdict: String, blasCore: String,
        preset: String? = nil
    ) {
        self.op = op; self.m = m; self.k = k; self.n = n; self.dims = dims
        self.kernel = kernel; self.workers = workers; self.threads = threads
        self.transport = transport; self.split = split; self.planner = planner
        self.reps = reps; self.medianSeconds = medianSeconds; self.minSeconds = minSeconds
        self.maxSeconds = maxSeconds; self.gflops = gflops; self.speedup = speedup
        self.residual = residual; self.verdict = verdict; self.blasCore = blasCore
        self.preset = preset
    }

    /// The CSV header: the DESIGN.md contract columns in contract order, then
    /// extension columns (`preset`). Readers find columns by name, not position.
    public static let columns = [
        "op", "m", "k", "n", "dims", "kernel", "workers", "threads", "transport", "split",
        "planner", "reps", "median_s", "min_s", "max_s", "gflops", "speedup", "residual",
        "verdict", "blas_core", "preset",
    ]

    /// The row's cells as strings, in `columns` order, before CSV quoting.
    public var cells: [String] {
        func int(_ v: Int?) -> String { v.map(String.init) ?? "" }
        func real(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
        return [
            op, int(m), int(k), int(n), dims.map { $0.map(String.init).joined(separator: "x") } ?? "",
            kernel ?? "", String(workers), String(threads), transport ?? "", split ?? "",
            planner ?? "", String(reps), real(medianSeconds), real(minSeconds), real(maxSeconds),
            real(gflops), real(speedup), real(residual), verdict, blasCore, preset ?? "",
        ]
    }
}
