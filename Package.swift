// swift-tools-version:6.0
// No package dependencies by design: gemmbench links OpenBLAS; gemmbench-mpi also
// links Open MPI and ScaLAPACK (CMPI), and only its targets need them.
import PackageDescription

// The pure-Swift kernel is judged against OpenBLAS. Its generic code
// (SwiftGemmKernel) is instantiated twice, each in a module compiled for one CPU:
// SwiftGemm for Haswell (AVX2 + FMA, which every machine class we run on has) and
// SwiftGemmAVX512 for Skylake-AVX512 (AVX-512 F, BW, CD, DQ, VL); SwiftGemm picks one per process from cpuid.
// Debug builds optimise both too: unoptimised, they would call the generic code
// instead of their own instance, and tests would not check the code that runs.
// -disable-incremental-imports: an edit inside an @inlinable body of SwiftGemmKernel
// leaves its interface unchanged, and the release build then kept the stale
// instances (Swift 6.3.1); with the flag it rebuilds them. Incremental debug builds
// still keep them: after editing SwiftGemmKernel, remove .build/debug/SwiftGemm.build
// and .build/debug/SwiftGemmAVX512.build before `swift test`.
func kernelInstanceFlags(targetCPU: String) -> [SwiftSetting] {
    [
        .unsafeFlags(["-Ounchecked", "-target-cpu", targetCPU, "-disable-incremental-imports"], .when(configuration: .release)),
        .unsafeFlags(["-O", "-target-cpu", targetCPU, "-disable-incremental-imports"], .when(configuration: .debug)),
    ]
}
let kernelGenericFlags: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked"], .when(configuration: .release)),
]

// The check's loop reads each matrix once for all its vectors; FMA both speeds it
// and gives each step one rounding, which its error model counts. Optimised in
// debug builds too, so tests can check large products in little time.
let checkKernelFlags: [SwiftSetting] = [
    .unsafeFlags(["-O", "-target-cpu", "haswell"]),
]

let package = Package(
    name: "gemmbench",
    products: [
        .executable(name: "gemmbench", targets: ["gemmbench"]),
        .executable(name: "gemmbench-mpi", targets: ["gemmbench-mpi"]),
    ],
    targets: [
        // MARK: C boundary
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(name: "CSupport"),
        // Files, pipes, poll, shared memory, processes, signals, clocks, console:
        // the only module that calls the C library for them.
        .target(name: "SystemBoundary", dependencies: ["CSupport"]),

        // MARK: Vocabulary (no dependencies): the names the command line, suites,
        // CSV rows and task records share (kernel, transport, planner, verdict, op, presets, PxQ grids)
        .target(name: "Vocabulary"),

        // MARK: Number formatting (no dependencies): the one fixed-point / significant-digit printer
        .target(name: "NumberFormatting"),

        // MARK: Statistics (no dependencies): confidence intervals, seeded shuffles
        .target(name: "Statistics"),

        // MARK: Results: the row both executables print and the harness reads, each
        // CSV column declared once; the CSV reader and writer, the noise rule, CPU times
        .target(name: "ResultRows", dependencies: ["SystemBoundary", "Vocabulary"]),

        // MARK: The machine: CPU features and topology, peak FLOP rate, memory,
        // OpenBLAS's threads and core choice (re-exec), fault-injection hooks
        .target(name: "Platform", dependencies: ["CBLAS", "CSupport", "Statistics", "SystemBoundary", "Vocabulary"]),

        // MARK: Kernels and matrices
        // The loop nest, packing and micro-kernel, generic over the SIMD width and
        // block sizes, all @inlinable: instantiated in SwiftGemm and SwiftGemmAVX512.
        .target(name: "SwiftGemmKernel", swiftSettings: kernelGenericFlags),
        // The AVX-512 instance and nothing else: none of its code may run on a CPU without AVX-512.
        .target(name: "SwiftGemmAVX512", dependencies: ["SwiftGemmKernel"],
                swiftSettings: kernelInstanceFlags(targetCPU: "skylake-avx512")),
        // The API, the AVX2 instance and the per-process choice between the two.
        .target(name: "SwiftGemm", dependencies: ["CSupport", "SwiftGemmAVX512", "SwiftGemmKernel", "SystemBoundary"],
                swiftSettings: kernelInstanceFlags(targetCPU: "haswell")),
        // The product check's one loop (every matrix read once for all its vectors):
        // optimised with FMA even in debug builds, so tests check big products quickly.
        .target(name: "CheckKernels", dependencies: ["CSupport"], swiftSettings: checkKernelFlags),
        .target(name: "GemmCore", dependencies: ["CBLAS", "CheckKernels", "NumberFormatting", "Platform", "SwiftGemm", "Statistics", "SystemBoundary", "Vocabulary"]),
        .target(name: "NumpyIO", dependencies: ["SystemBoundary"]),

        // MARK: Planning, processes and runs
        .target(name: "ProcessPool", dependencies: ["GemmCore", "SystemBoundary", "Vocabulary", "Platform"]),
        .target(name: "ChainPlanning", dependencies: ["NumberFormatting", "Vocabulary"]),
        // The one interface the runners use to get products computed: in this
        // process or on the worker pool (and, in TilesOnRanks, on MPI ranks).
        .target(name: "Execution", dependencies: ["GemmCore", "ProcessPool", "SystemBoundary", "Platform", "Vocabulary"]),
        // The gemm and chain runs: operands, tiles and chain DAGs as tasks, timing, verification.
        .target(name: "Runners", dependencies: ["GemmCore", "ProcessPool", "Execution", "ChainPlanning", "NumpyIO", "SystemBoundary", "Platform", "Vocabulary"]),

        // MARK: Choosing a decomposition (--workers auto): candidates, calibration, its cache
        .target(name: "Decomposition", dependencies: ["SystemBoundary", "Vocabulary"]),

        // MARK: Harness and command line
        // Argument parsing shared by both executables (one set of rules, one error type,
        // one problem parser with one set of limits).
        .target(name: "CommandLineArguments", dependencies: ["ChainPlanning", "GemmCore", "NumpyIO", "Vocabulary"]),
        // Runs gemmbench as child processes to measure it: links no kernel or pool code.
        .target(name: "Harness", dependencies: ["ChainPlanning", "NumberFormatting", "ResultRows", "Statistics", "SystemBoundary", "Vocabulary"]),
        .executableTarget(
            name: "gemmbench",
            dependencies: ["GemmCore", "ProcessPool", "Runners", "ChainPlanning", "NumpyIO", "Harness", "NumberFormatting", "ResultRows", "Statistics", "SystemBoundary", "Vocabulary", "Decomposition", "CommandLineArguments", "SwiftGemm", "Platform"]
        ),

        // MARK: Communication cost on paper (no MPI): SUMMA, 2.5D and
        // COSMA's words, messages and predicted time on many nodes (`gemmbench-mpi model`)
        .target(name: "CommunicationCost", dependencies: ["Vocabulary"]),

        // MARK: MPI product (gemmbench-mpi)
        // Open MPI + ScaLAPACK; only these targets need them, so the core
        // gemmbench product builds and runs on a machine without MPI.
        .systemLibrary(
            name: "CMPI",
            pkgConfig: "scalapack-openmpi",
            providers: [.apt(["libopenmpi-dev", "openmpi-bin", "libscalapack-openmpi-dev"])]
        ),
        // gemmbench-mpi in layers, each depending only on the layers before it here:
        // MPIWrapper ← DistributedProducts ← TilesOnRanks ← gemmbench-mpi (its command line).
        // The typed MPI wrapper: MPI_Init/Finalize/Abort, communicators and their
        // collectives and messages, shared windows, nodes, agreeing on a failure.
        .target(name: "MPIWrapper", dependencies: ["CMPI", "SystemBoundary"]),
        // Products every rank computes together on a process grid: SUMMA, ScaLAPACK's
        // PDGEMM, chains on sub-grids, blocks and their moves, distributed .npy,
        // timing, verification, the job's watchdog.
        .target(name: "DistributedProducts", dependencies: ["MPIWrapper", "CMPI", "GemmCore", "ChainPlanning", "CheckKernels", "CommandLineArguments", "NumpyIO", "NumberFormatting", "Platform", "Statistics", "SystemBoundary", "Vocabulary"]),
        // `--algorithm tiles`: gemmbench's own runners (Runners) with the ranks as the
        // executor's workers; below the command line, the only MPI layer that links the runners and the pool.
        .target(name: "TilesOnRanks", dependencies: ["DistributedProducts", "MPIWrapper", "CMPI", "Execution", "GemmCore", "Platform", "ProcessPool", "Runners", "SystemBoundary", "Vocabulary"]),
        // The executable and its command line: options, which layer runs `--algorithm`,
        // the report and CSV row, `model`.
        .executableTarget(name: "gemmbench-mpi", dependencies: ["TilesOnRanks", "DistributedProducts", "MPIWrapper", "CommunicationCost", "GemmCore", "ResultRows", "ChainPlanning", "NumpyIO", "NumberFormatting", "SystemBoundary", "Vocabulary", "CommandLineArguments", "ProcessPool", "Runners", "Platform"]),

        // MARK: Tests
        // What several test targets share (locating the built binary, filling matrices).
        .target(name: "TestSupport", dependencies: ["GemmCore"], path: "Tests/TestSupport"),
        .testTarget(name: "SystemBoundaryTests", dependencies: ["CSupport", "SystemBoundary", "TestSupport"]),
        .testTarget(name: "SwiftGemmTests", dependencies: ["SwiftGemm", "Statistics"]),
        .testTarget(name: "PlatformTests", dependencies: ["Platform", "TestSupport"]),
        .testTarget(name: "GemmCoreTests", dependencies: ["GemmCore", "TestSupport", "Platform", "Vocabulary"]),
        .testTarget(name: "NumpyIOTests", dependencies: ["NumpyIO", "Statistics", "SystemBoundary", "TestSupport"]),
        .testTarget(name: "ChainPlanningTests", dependencies: ["ChainPlanning", "Statistics", "Vocabulary"]),
        .testTarget(name: "ProcessPoolTests", dependencies: ["ProcessPool", "GemmCore", "SystemBoundary", "TestSupport", "Platform", "Vocabulary"]),
        .testTarget(name: "ExecutionTests", dependencies: ["Execution", "GemmCore", "ProcessPool", "SystemBoundary", "TestSupport", "Platform"]),
        .testTarget(name: "RunnersTests", dependencies: ["Runners", "Execution", "GemmCore", "ProcessPool", "ChainPlanning", "SystemBoundary", "TestSupport", "NumpyIO", "Vocabulary"]),
        .testTarget(name: "ResultRowsTests", dependencies: ["ResultRows", "SystemBoundary", "Vocabulary"]),
        .testTarget(name: "HarnessTests", dependencies: ["Harness", "NumberFormatting", "ResultRows", "Statistics", "SystemBoundary", "TestSupport", "Vocabulary"]),
        .testTarget(name: "NumberFormattingTests", dependencies: ["NumberFormatting"]),
        .testTarget(name: "VocabularyTests", dependencies: ["Vocabulary"]),
        .testTarget(name: "CommandLineArgumentsTests", dependencies: ["CommandLineArguments", "ChainPlanning", "NumpyIO", "Vocabulary"]),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"]),
        .testTarget(name: "DecompositionTests", dependencies: ["Decomposition", "SystemBoundary", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["GemmCore", "TestSupport", "Vocabulary"]),
        .testTarget(name: "CommunicationCostTests", dependencies: ["CommunicationCost"]),
        .testTarget(name: "DistributedProductsTests", dependencies: ["DistributedProducts", "ChainPlanning", "GemmCore", "SystemBoundary", "Vocabulary"]),
        .testTarget(name: "TilesOnRanksTests", dependencies: ["TilesOnRanks", "ProcessPool", "SystemBoundary"]),
        .testTarget(name: "GemmbenchMPITests", dependencies: ["gemmbench-mpi", "DistributedProducts", "CommunicationCost", "GemmCore", "ChainPlanning", "NumpyIO", "ProcessPool", "SystemBoundary", "TestSupport", "Vocabulary", "Harness", "ResultRows", "Platform"]),
    ]
)
