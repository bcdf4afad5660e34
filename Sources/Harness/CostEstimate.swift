/// A rough a-priori cost of measuring one configuration, in seconds on the
/// 2-core reference machine class. Used only to weight the ETA and to size
/// suites (the estimate in each suite file's comments); never compared with anything.
///
/// One product takes t = flops / (rate × min(processes × threads, 2 cores)):
/// gemm flops 2·m·k·n at 1-thread rates blas 40, swift 20, naive 1 GFLOP/s;
/// a chain preset's 1-thread seconds come from `chainSeconds`. A child then costs
/// 0.3 s (process and pool start, operands, verification) + (1 warm-up + max(R, ⌈S/t⌉)) × t.
func estimatedSeconds(_ configuration: BenchConfiguration, minReps: Int, minSeconds: Double) -> Double {
    let parallel = Double(min(max(configuration.workers, 1) * configuration.threads, 2))
    let perRun: Double
    switch configuration.problem {
    case .gemm(let m, let k, let n):
        let rate: Double = ["blas": 40e9, "swift": 20e9, "naive": 1e9][configuration.kernel ?? "blas"] ?? 40e9
        perRun = 2 * Double(m) * Double(k) * Double(n) / (rate * parallel)
    case .chainPreset(let name):
        perRun = (chainSeconds[name]?[configuration.planner ?? "optimal"] ?? 0.4) / parallel
    case .chainDims:
        perRun = 0.4 / parallel
    }
    let runs = 1 + max(Double(minReps), (minSeconds / max(perRun, 1e-6)).rounded(.up))
    return 0.3 + runs * perRun
}

/// Seconds of one chain product at 40 GFLOP/s on 1 thread, from each planner's
/// flop count for the presets in ChainPlanning/ChainPreset.swift (left-to-right,
/// the flop-optimal order, the pairwise tree; `parallel` ≈ optimal). Only an
/// estimate: a preset missing here counts 0.4 s.
private let chainSeconds: [String: [String: Double]] = [
    "square": ["left": 0.38, "optimal": 0.38, "tree": 0.38, "parallel": 0.38],
    "mixed": ["left": 0.71, "optimal": 0.07, "tree": 1.22, "parallel": 0.07],
    "skinny": ["left": 0.54, "optimal": 0.08, "tree": 9.8, "parallel": 0.08],
]
