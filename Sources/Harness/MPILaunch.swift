import ResultRows
import SystemBoundary
import Vocabulary

/// What makes a sweep configuration an MPI one (a suite's `[mpi]` or `[mpi-chain]`
/// grid): the product runs as `mpirun -np ranks gemmbench-mpi gemm|chain …` on
/// `ranks` ranks.
///
/// Identity only: the extra `mpirun` arguments (a hostfile, `--mca …`) say how
/// to launch, not what is measured, so they live in `SweepPlan.mpirunArguments`
/// and a row read back from raw.csv (which cannot carry them) still matches.
struct MPILaunch: Hashable {
    /// The subset of gemmbench-mpi's `--node-split` a suite may ask for.
    enum NodeSplit: String, CaseIterable {
        /// Ranks that share memory form one node.
        case auto
        /// Every rank is its own node (the across-node path on one machine).
        case rank
    }

    let ranks: Int
    let algorithm: MPIAlgorithm
    let nodeSplit: NodeSplit
    /// The `--grid PxQ` asked for; nil lets gemmbench-mpi choose the most square one.
    let grid: String?

    /// The `backend` column of gemmbench-mpi's rows.
    static let backend = ResultRow.mpiBackend
    /// The first word of an MPI chain's key and label, and its suite section's name:
    /// `mpi-chain` (an MPI gemm's is the backend, `mpi`).
    static let chainFamily = "\(backend)-\(Op.chain.rawValue)"

    /// The algorithms gemmbench-mpi's `chain` runs: those with chain planners
    /// (`MPIAlgorithm.chainPlanners`, the one rule gemmbench-mpi's parser uses too).
    static let chainAlgorithms = MPIAlgorithm.allCases.filter { !$0.chainPlanners.isEmpty }
    /// Every planner some chain algorithm runs; which pairs run is `MPIAlgorithm.chainPlanners`.
    static let chainPlanners = PlannerKind.allCases.filter { planner in
        chainAlgorithms.contains { $0.chainPlanners.contains(planner) }
    }
    /// The program gemmbench-mpi is, found beside the gemmbench binary.
    static let executableName = "gemmbench-mpi"
    /// The launcher, looked up in PATH.
    static let launcher = "mpirun"
    /// Open MPI's mpirun refuses to run as root without these (issue 12, "Running as root").
    static let rootEnvironment = ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"]

    /// gemmbench-mpi in the directory of `binary` (the gemmbench a sweep runs).
    static func executable(besideBinary binary: String) -> String {
        joinPath(parentDirectory(of: binary), executableName)
    }

    /// Throws a one-line error naming the missing program when gemmbench-mpi is
    /// not an executable file beside `binary`.
    static func requireExecutable(besideBinary binary: String) throws(HarnessError) {
        let path = executable(besideBinary: binary)
        guard isRegularFile(path) else {
            throw HarnessError("the suite has an [mpi] or [\(chainFamily)] grid but \(executableName) is not at \(path) "
                               + "(build it beside gemmbench: swift build -c release --product \(executableName))")
        }
    }

    /// Throws a one-line error when `launcher` is not an executable file along
    /// `searchPath` (PATH), so a suite with MPI rows is refused before it runs,
    /// not after every MPI row has failed.
    static func requireLauncher(searchPath: String?) throws(HarnessError) {
        guard executableInSearchPath(launcher, searchPath: searchPath ?? "") == nil else { return }
        throw HarnessError("the suite has an [mpi] or [\(chainFamily)] grid but \(launcher) is not on PATH "
                           + "(install Open MPI: make mpi-deps)")
    }

    /// The environment changes a launch needs: `rootEnvironment` when this process runs as root.
    static var environment: [String: String] {
        effectiveUserID() == 0 ? rootEnvironment : [:]
    }

    /// gemmbench-mpi's words for where and how a product runs, after the problem's
    /// (`gemm --size N`, `chain --preset P --planner L`) and before the repeat rule:
    /// `--algorithm A --node-split S --threads T [--grid PxQ]`.
    func arguments(threads: Int) -> [String] {
        ["--algorithm", algorithm.rawValue, "--node-split", nodeSplit.rawValue, "--threads", "\(threads)"]
            + (grid.map { ["--grid", $0] } ?? [])
    }

    /// The launcher's words after `mpirun`: `extra` (the suite's `mpirun_args`),
    /// `-np R`, gemmbench-mpi's path, then `program` (its arguments).
    func launcherArguments(extra: [String], executable: String, program: [String]) -> [String] {
        extra + ["-np", "\(ranks)", executable] + program
    }
}
