import ChainPlanning
import Vocabulary

/// A rough a-priori cost of measuring one configuration, in seconds on a
/// machine with `cores` cores (the 2-core reference machine class unless told;
/// the device suite is sized with 16). Used only to weight the ETA and to size
/// suites (the estimate in each suite file's comments); never compared with anything.
///
/// One product takes t = flops / (rate × min(processes × threads, cores)):
/// gemm flops 2·m·k·n at 1-thread rates blas 40, swift 20, naive 1 GFLOP/s
/// (`kernelRate`; the reference BLAS 3.3, `referenceBLASRate`); a chain's flops are its planner's (`chainFlops`) at 40 GFLOP/s.
/// A child then costs
/// 0.3 s (process and pool start, operands, verification) + `coreRoundTripProbeSeconds`
/// + (1 warm-up + max(R, ⌈S/t⌉)) × t, plus `mpirunStartSeconds` for an MPI configuration (an `[mpi]` gemm or an
/// `[mpi-chain]` chain, whose ranks count as its processes).
func estimatedSeconds(_ configuration: BenchConfiguration, minReps: Int, minSeconds: Double, cores: Int = 2) -> Double {
    // `--workers auto` uses the whole machine and calibrates once per machine;
    // that one-off cost is left out.
    let parallel = Double(configuration.auto ? cores : min(max(configuration.workers, 1) * max(configuration.threads, 1), cores))
    let blasRate = configuration.library == BLASLibraryName.reference.rawValue ? referenceBLASRate : kernelRate(.blas)
    let perRun: Double
    switch configuration.problem {
    case .gemm(let m, let k, let n):
        let rate = configuration.kernel == .blas ? blasRate : kernelRate(configuration.kernel ?? .blas)
        perRun = 2 * Double(m) * Double(k) * Double(n) / (rate * parallel)
    case .chainPreset(let name):
        let flops = ChainPreset.named(name).flatMap { chainFlops($0.dims, configuration.planner ?? .optimal) }
        perRun = (flops.map { $0 / blasRate } ?? unknownChainSeconds) / parallel
    case .chainDims(let dims):
        let flops = chainFlops(dims, configuration.planner ?? .optimal)
        perRun = (flops.map { $0 / blasRate } ?? unknownChainSeconds) / parallel
    }
    let runs = 1 + max(Double(minReps), (minSeconds / max(perRun, 1e-6)).rounded(.up))
    return 0.3 + coreRoundTripProbeSeconds + (configuration.mpi == nil ? 0 : mpirunStartSeconds) + runs * perRun
}

/// What the sweep's inter-core round-trip probe (`CoreRoundTrip.measure`, run
/// before every child) adds: 5–8 ms for three probes on the quiet 2-core machine,
/// up to 22 ms while others compiled (a preempted probe), ~100 ms with both
/// CPUs saturated by other work; 20 ms as the typical upper end.
let coreRoundTripProbeSeconds = 0.02

/// What `mpirun` adds to a child: starting its daemon and the ranks, MPI_Init
/// (0.2–0.45 s measured for `mpirun -np 2` on the 2-core machine while others
/// compiled; rounded up, as Open MPI's start varies with the machine's load).
let mpirunStartSeconds = 0.7

/// The reference BLAS's 1-thread rate, FLOP/s: `gemm --blas reference` on the 2-core
/// Zen 4 machine measured 5.45 GFLOP/s at n = 512, 6.0 at 1024 and 3.3 at 2048
/// (out of cache); the slowest is used. The other libraries count as `blas`.
let referenceBLASRate = 3.3e9

/// Assumed 1-thread rate of each kernel, FLOP/s (the reference machine class, rounded).
private func kernelRate(_ kernel: Kernel) -> Double {
    switch kernel {
    case .blas: return 40e9
    case .swift: return 20e9
    case .naive: return 1e9
    }
}

/// What a chain the planner cannot plan (bad dims) or an unknown preset counts, in seconds.
private let unknownChainSeconds = 0.4

/// The flops of `planner`'s tree for `dims` (ChainPlanning's planners, the one
/// source of the presets' dims and orders); `parallel` counts as `optimal`, whose
/// flops it matches within a few percent. Nil when the dims cannot be planned.
private func chainFlops(_ dims: [Int], _ planner: PlannerKind) -> Double? {
    try? makePlan(dims: dims, planner: planner == .parallel ? .optimal : planner, workers: 0).totalFlops
}
