/// Which folder of BASELINE_DIR a comparison uses:
/// 1. BASELINE_DIR itself when it holds `tolerances.txt` (a single baseline);
/// 2. else `BASELINE_DIR/<cpu_class>/` for the current run's env.json `cpu_class`
///    (figures measured on this machine class, tight tolerances);
/// 3. else `BASELINE_DIR/portable/` — figures that hold on any 2-core machine
///    (e.g. 2 workers at large n), wide tolerances — and the caller says so;
/// 4. else an error.
struct BaselineSelection: Equatable {
    let directory: String
    /// True when the portable fallback was taken.
    let isPortable: Bool

    static let tolerancesFile = "tolerances.txt"

    static func select(in baselineRoot: String, cpuClass: String?) throws(HarnessError) -> BaselineSelection {
        guard isDirectory(baselineRoot) else {
            throw HarnessError("baseline directory \(baselineRoot) does not exist")
        }
        if isRegularFile(joinPath(baselineRoot, tolerancesFile)) {
            return BaselineSelection(directory: baselineRoot, isPortable: false)
        }
        if let cpuClass, !cpuClass.isEmpty, !cpuClass.contains("/"), isDirectory(joinPath(baselineRoot, cpuClass)) {
            return BaselineSelection(directory: joinPath(baselineRoot, cpuClass), isPortable: false)
        }
        let portable = joinPath(baselineRoot, "portable")
        if isDirectory(portable) {
            return BaselineSelection(directory: portable, isPortable: true)
        }
        throw HarnessError("no baseline for cpu_class '\(cpuClass ?? "unknown")' in \(baselineRoot): "
                           + "neither \(joinPath(baselineRoot, cpuClass ?? "<cpu_class>")) nor \(portable) exists")
    }
}
