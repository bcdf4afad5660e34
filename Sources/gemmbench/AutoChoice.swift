import CommandLineArguments
import Decomposition
import GemmCore
import Runners
import SystemBoundary
import Platform
import Vocabulary

/// `gemm --workers auto` / `--threads auto`: picks processes × threads and the
/// tile grid for this machine and product from a calibration cached per machine
/// (`CalibrationCache`: keyed by CPU model, core count, BLAS core and kernel).
///
/// Without a valid cache it calibrates first — every candidate of
/// `autoCandidates` at `CalibrationTable.sizes`, each a warm-up and 3 timed
/// products per round, 2 rounds in rotated order, every product verified —
/// and saves the table. Then the fastest candidate at the calibrated size
/// nearest the product wins. `--workers auto --threads T` keeps T fixed;
/// `--threads auto` with fixed P gives each worker cores ÷ P threads.
enum AutoChoice {
    struct Choice {
        let decomposition: Decomposition
        /// One line for the report and stderr: what was chosen and from where.
        let note: String
    }

    static func choose(for config: GemmConfiguration, options: MeasurementOptions) throws -> Choice {
        let machine = MachineInfo.current()
        let cores = max(machine.cores, 1)
        if !options.workersAuto {
            // --threads auto with a fixed worker count: share the cores out.
            let threads = max(1, cores / max(options.workers, 1))
            return Choice(decomposition: Decomposition(workers: options.workers, threads: threads),
                          note: "--threads auto: \(threads) thread(s) for each of \(max(options.workers, 1)) process(es) on \(cores) cores")
        }
        let candidates = autoCandidates(cores: cores, threads: options.threadsAuto ? nil : options.threads)
        // A loaded library is part of the key (two OpenBLAS builds can report the same core);
        // the linked OpenBLAS's key is what it always was, so existing caches stay valid.
        let blas = BLAS.library == nil ? BLAS.coreName : "\(BLAS.coreName) \(BLAS.libraryName) \(BLAS.version)"
        let key = CalibrationCache.key(cpuModel: machine.cpuModel, cores: cores, blasCore: blas)
            + "|kernel \(config.kernel.rawValue)"
        let cache = CalibrationCache.defaultPath().map(CalibrationCache.init(path:))
        var source = "calibration cached in \(cache?.path ?? "(no cache directory)")"
        var table = cache?.load(key: key)
        if table == nil || candidates.contains(where: { table!.seconds.values.first?[$0] == nil }) {
            let sizes = calibrationSizes()
            // A cache that cannot be written costs a calibration on every run: say so
            // before the calibration, not "once per machine".
            let unwritable = cache.map { cache in cache.unwritableReason().map { (cache.path, $0) } }
                ?? ("(no cache directory)", "none of GEMMBENCH_CACHE_DIR, XDG_CACHE_HOME and HOME is set")
            if let (path, reason) = unwritable {
                printError("warning: --workers auto cannot cache its calibration in \(path): \(reason); "
                           + "it calibrates again on every run (set GEMMBENCH_CACHE_DIR to a writable directory)")
            }
            printError("--workers auto: calibrating \(candidates.count) decompositions at n = "
                       + sizes.map(String.init).joined(separator: ", ")
                       + (unwritable == nil ? " (once per machine)" : " (not cached: again on every run)"))
            let calibrated = try CalibrationTable.calibrate(candidates: candidates, sizes: sizes) { candidate, n in
                try measure(candidate, n: n, kernel: config.kernel)
            }
            if let cache, let failure = cache.save(calibrated, key: key) {
                source = "calibrated now; could not save \(cache.path): \(failure)"
            } else {
                source = "calibrated now, saved in \(cache?.path ?? "(no cache directory)")"
            }
            table = calibrated
        }
        guard let chosen = table!.best(m: config.m, k: config.k, n: config.n, among: candidates) else {
            throw UsageError("--workers auto: no calibrated decomposition fits this request")
        }
        return Choice(decomposition: chosen, note: "--workers auto chose \(chosen) (\(source))")
    }

    /// `CalibrationTable.sizes`, or the comma-separated sizes in
    /// `GEMMBENCH_AUTO_SIZES` (tests calibrate on tiny products to stay fast).
    private static func calibrationSizes() -> [Int] {
        guard let text = ProcessEnvironment()["GEMMBENCH_AUTO_SIZES"] else { return CalibrationTable.sizes }
        let sizes = text.split(separator: ",").compactMap { Int($0) }.filter { $0 >= 1 && $0 <= 8192 }
        return sizes.isEmpty ? CalibrationTable.sizes : sizes
    }

    /// The samples of one calibration product: a warm-up, then 3 timed runs.
    private static func measure(_ candidate: Decomposition, n: Int, kernel: Kernel) throws -> [Double] {
        var config = GemmConfiguration(m: n, k: n, n: n)
        config.kernel = kernel
        config.workers = candidate.workers
        config.threads = candidate.threads
        config.split = candidate.split
        config.repetition = RepetitionPolicy(warmups: 1, minRepetitions: 3, minSeconds: 0)
        let result = try GemmRunner.run(config)
        guard result.verification.passed else {
            throw VerificationFailed(description: "--workers auto: calibration product \(candidate) at n = \(n) FAILED verification")
        }
        return result.stats.samples
    }
}
