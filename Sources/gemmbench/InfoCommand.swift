import CommandLineArguments
import GemmCore
import Harness
import NumberFormatting
import SwiftGemm
import Platform

/// `gemmbench info [--json]`: the machine, OpenBLAS and the build, so every
/// figure can be traced to the kernel that produced it.
enum InfoCommand {
    static func run(_ options: inout ArgumentList) throws {
        let json = try options.flag("--json")
        try options.finish(command: "info")
        let machine = MachineInfo.current()
        let coreType = ProcessEnvironment()["OPENBLAS_CORETYPE"]
        let peak = PeakFlops.measure(features: machine.features)
        let topology = CPUTopology.current()
        let swiftBuild: (name: String, reason: String, blocking: String)
        switch SwiftGemm.Build.selected {
        case let .success(choice): swiftBuild = (choice.build.rawValue, choice.reason, choice.build.blocking)
        case let .failure(error): swiftBuild = ("none", "\(SwiftGemm.Build.environmentVariable): \(error)", "")
        }
        let fields: [(String, String)] = [
            ("cpu_model", machine.cpuModel),
            ("cpu_vendor", machine.features.vendor),
            ("cpu_family", String(machine.features.family)),
            ("cpu_model_number", String(machine.features.model)),
            ("cpu_avx2_fma", String(machine.features.hasAVX2FMA)),
            ("cpu_avx512f", String(machine.features.hasAVX512F)),
            ("cpu_class", machine.features.cpuClass),
            ("cores", String(machine.cores)),
            ("sockets", topology.map { String($0.sockets) } ?? "0"),
            ("physical_cores", topology.map { String($0.physicalCores) } ?? "0"),
            ("numa_nodes", topology.map { String($0.numaNodes) } ?? "0"),
            ("topology", topology?.summary ?? "unknown (no /sys/devices/system/cpu)"),
            ("peak_gflops_per_core", formatFixed(peak.gflopsPerCore, decimals: 2)),
            ("peak_method", peak.howMeasured),
            ("memory_bytes", String(machine.memoryTotalBytes)),
            ("memory_available_bytes", String(machine.memoryAvailableBytes)),
            ("openblas_config", BLAS.config),
            ("blas_core", BLAS.coreName),
            ("blas_core_choice", BLASCoreBootstrap.status),
            ("openblas_coretype_env", coreType ?? ""),
            ("openblas_threads", String(BLAS.threads)),
            ("swift_kernel_build", swiftBuild.name),
            ("swift_kernel_build_choice", swiftBuild.reason),
            ("swift_kernel_blocking", swiftBuild.blocking),
            ("swift_version", MachineInfo.swiftVersion),
            ("build_configuration", MachineInfo.buildConfiguration),
            // The BLAS in use (`--blas`): the linked OpenBLAS unless a library was loaded.
            ("blas_library", BLAS.libraryName),
            ("blas_version", BLAS.version),
            ("blas_path", BLAS.library?.path ?? "linked"),
        ]
        if json {
            let numeric: Set = ["cpu_family", "cpu_model_number", "cores", "sockets", "physical_cores", "numa_nodes", "peak_gflops_per_core", "memory_bytes",
                                "memory_available_bytes", "openblas_threads"]
            let booleans: Set = ["cpu_avx2_fma", "cpu_avx512f"]
            let body = fields.map { key, value in
                let rendered = numeric.contains(key) || booleans.contains(key) ? value : jsonQuoted(value)
                return "  \(jsonQuoted(key)): \(rendered)"
            }
            writeAll("{\n" + body.joined(separator: ",\n") + "\n}\n", to: 1)
        } else {
            let width = fields.map(\.0.count).max() ?? 0
            let lines = fields.map { key, value in padded(key, to: width) + "  " + value }
            writeAll(lines.joined(separator: "\n") + "\n", to: 1)
        }
    }
}
