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
    ],
    targets: [
        // MARK: C boundary
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(name: "CSupport"),

        // MARK: Statistics (no dependencies): confidence intervals, seeded shuffles
        .target(name: "Statistics"),

        // MARK: Kernels and matrices
        .target(name: "SwiftGemm", swiftSettings: kernelReleaseFlags),
        .target(name: "GemmCore", dependencies: ["CBLAS", "CSupport", "SwiftGemm", "Statistics"]),
        .target(name: "NumpyIO"),

        // MARK: Processes and scheduling
        .target(name: "ProcessPool", dependencies: ["GemmCore", "CSupport"]),
        .target(name: "ChainPlanning"),
        .target(name: "Scheduler", dependencies: ["GemmCore", "ProcessPool", "ChainPlanning", "NumpyIO"]),

        // MARK: Harness and command line
        .target(name: "Harness", dependencies: ["Statistics"]),
        .executableTarget(
            name: "gemmbench",
            dependencies: ["GemmCore", "ProcessPool", "Scheduler", "ChainPlanning", "NumpyIO", "Harness", "Statistics"]
        ),

        // MARK: Tests
        // What several test targets share (locating the built binary, filling matrices).
        .target(name: "TestSupport", dependencies: ["GemmCore"], path: "Tests/TestSupport"),
        .testTarget(name: "SwiftGemmTests", dependencies: ["SwiftGemm"]),
        .testTarget(name: "GemmCoreTests", dependencies: ["GemmCore", "TestSupport"]),
        .testTarget(name: "NumpyIOTests", dependencies: ["NumpyIO"]),
        .testTarget(name: "ChainPlanningTests", dependencies: ["ChainPlanning"]),
        .testTarget(name: "ProcessPoolTests", dependencies: ["ProcessPool", "GemmCore", "TestSupport"]),
        .testTarget(name: "SchedulerTests", dependencies: ["Scheduler", "GemmCore", "ProcessPool", "ChainPlanning", "TestSupport"]),
        .testTarget(name: "HarnessTests", dependencies: ["Harness", "Statistics"]),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"]),
        .testTarget(name: "CLITests", dependencies: ["GemmCore", "TestSupport"]),
    ]
)
