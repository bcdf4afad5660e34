// swift-tools-version:6.0
// gemmbench links OpenBLAS and nothing else: no package dependencies by design.
import PackageDescription

// The pure-Swift kernel is judged against OpenBLAS, so its release build is
// compiled for Haswell (AVX2 + FMA): every machine class we run on has both.
let kernelReleaseFlags: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-target-cpu", "haswell"], .when(configuration: .release)),
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

        // MARK: Statistics (no dependencies): confidence intervals, seeded shuffles
        .target(name: "Statistics"),

        // MARK: Kernels and matrices
        .target(name: "SwiftGemm", swiftSettings: kernelReleaseFlags),
        .target(name: "GemmCore", dependencies: ["CBLAS", "CSupport", "SwiftGemm", "Statistics", "SystemBoundary"]),
        .target(name: "NumpyIO", dependencies: ["SystemBoundary"]),

        // MARK: Processes and scheduling
        .target(name: "ProcessPool", dependencies: ["GemmCore", "SystemBoundary"]),
        .target(name: "ChainPlanning"),
        // The one interface the runners use to get products computed: in this
        // process or on the worker pool (and, later, over MPI).
        .target(name: "Execution", dependencies: ["GemmCore", "ProcessPool", "SystemBoundary"]),
        .target(name: "Scheduler", dependencies: ["GemmCore", "ProcessPool", "Execution", "ChainPlanning", "NumpyIO", "SystemBoundary"]),

        // MARK: Choosing a decomposition (--workers auto): candidates, calibration, its cache
        .target(name: "Decomposition", dependencies: ["SystemBoundary"]),

        // MARK: Harness and command line
        .target(name: "Harness", dependencies: ["Statistics", "SystemBoundary"]),
        .executableTarget(
            name: "gemmbench",
            dependencies: ["GemmCore", "ProcessPool", "Scheduler", "ChainPlanning", "NumpyIO", "Harness", "Statistics", "SystemBoundary", "Decomposition"]
        ),

        // MARK: MPI product (gemmbench-mpi)
        // Open MPI + ScaLAPACK; only these targets need them, so the core
        // gemmbench product builds and runs on a machine without MPI.
        .systemLibrary(
            name: "CMPI",
            pkgConfig: "scalapack-openmpi",
            providers: [.apt(["libopenmpi-dev", "openmpi-bin", "libscalapack-openmpi-dev"])]
        ),
        .target(name: "MPIExecution", dependencies: ["CMPI", "GemmCore", "Harness", "ChainPlanning", "SystemBoundary"]),
        .executableTarget(name: "gemmbench-mpi", dependencies: ["MPIExecution", "GemmCore"]),

        // MARK: Tests
        // What several test targets share (locating the built binary, filling matrices).
        .target(name: "TestSupport", dependencies: ["GemmCore"], path: "Tests/TestSupport"),
        .testTarget(name: "SystemBoundaryTests", dependencies: ["SystemBoundary"]),
        .testTarget(name: "SwiftGemmTests", dependencies: ["SwiftGemm"]),
        .testTarget(name: "GemmCoreTests", dependencies: ["GemmCore", "TestSupport"]),
        .testTarget(name: "NumpyIOTests", dependencies: ["NumpyIO", "SystemBoundary"]),
        .testTarget(name: "ChainPlanningTests", dependencies: ["ChainPlanning"]),
        .testTarget(name: "ProcessPoolTests", dependencies: ["ProcessPool", "GemmCore", "SystemBoundary", "TestSupport"]),
        .testTarget(name: "ExecutionTests", dependencies: ["Execution", "GemmCore", "ProcessPool", "TestSupport"]),
        .testTarget(name: "SchedulerTests", dependencies: ["Scheduler", "GemmCore", "ProcessPool", "ChainPlanning", "TestSupport"]),
        .testTarget(name: "HarnessTests", dependencies: ["Harness", "Statistics", "SystemBoundary"]),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"]),
        .testTarget(name: "DecompositionTests", dependencies: ["Decomposition", "SystemBoundary"]),
        .testTarget(name: "CLITests", dependencies: ["GemmCore", "TestSupport"]),
        .testTarget(name: "MPIExecutionTests", dependencies: ["MPIExecution", "GemmCore", "TestSupport"]),
    ]
)
