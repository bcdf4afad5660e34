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

        // MARK: Kernels and matrices
        .target(name: "SwiftGemm", swiftSettings: kernelReleaseFlags),
        .target(name: "GemmCore", dependencies: ["CBLAS", "CSupport", "SwiftGemm"]),
        .target(name: "NumpyIO"),

        // MARK: Processes and scheduling
        .target(name: "ProcessPool", dependencies: ["GemmCore", "CSupport"]),
        .target(name: "ChainPlanning"),
        .target(name: "Scheduler", dependencies: ["GemmCore", "ProcessPool", "ChainPlanning", "NumpyIO"]),

        // MARK: Harness and command line
        .target(name: "Harness"),
        .executableTarget(
            name: "gemmbench",
            dependencies: ["GemmCore", "ProcessPool", "Scheduler", "ChainPlanning", "NumpyIO", "Harness"]
        ),

        // MARK: MPI product (gemmbench-mpi)
        // Open MPI + ScaLAPACK; only these targets need them, so the core
        // gemmbench product builds and runs on a machine without MPI.
        .systemLibrary(
            name: "CMPI",
            pkgConfig: "scalapack-openmpi",
            providers: [.apt(["libopenmpi-dev", "openmpi-bin", "libscalapack-openmpi-dev"])]
        ),
        .target(name: "MPIExecution", dependencies: ["CMPI", "GemmCore", "Harness", "ChainPlanning"]),
        .executableTarget(name: "gemmbench-mpi", dependencies: ["MPIExecution", "GemmCore"]),

        // MARK: Tests
        // What several test targets share (locating the built binary).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SwiftGemmTests", dependencies: ["SwiftGemm"]),
        .testTarget(name: "GemmCoreTests", dependencies: ["GemmCore"]),
        .testTarget(name: "NumpyIOTests", dependencies: ["NumpyIO"]),
        .testTarget(name: "ChainPlanningTests", dependencies: ["ChainPlanning"]),
        .testTarget(name: "ProcessPoolTests", dependencies: ["ProcessPool", "GemmCore", "TestSupport"]),
        .testTarget(name: "SchedulerTests", dependencies: ["Scheduler", "GemmCore", "ProcessPool", "ChainPlanning", "TestSupport"]),
        .testTarget(name: "HarnessTests", dependencies: ["Harness"]),
        .testTarget(name: "CLITests", dependencies: ["GemmCore", "TestSupport"]),
        .testTarget(name: "MPIExecutionTests", dependencies: ["MPIExecution", "GemmCore", "TestSupport"]),
    ]
)
