/// Deciding which OpenBLAS kernel set runs.
///
/// OpenBLAS picks its kernels when it loads, from the CPU model. On a model it
/// does not know (Debian's 0.3.21 on Intel family 6 model 207) it falls back to
/// a generic SSE3 kernel ("Prescott") about five times slower, and says nothing.
/// The only way to choose is `OPENBLAS_CORETYPE`, read at load time, so a
/// different choice means re-executing the process with the variable set.
public enum BLASCoreChoice {
    /// `--blas-core auto|keep|NAME`.
    public enum Mode: Equatable, Sendable {
        case auto
        case keep
        case named(String)

        /// Parses the option value; `nil` for a name OpenBLAS does not know.
        public init?(argument: String) {
            switch argument.lowercased() {
            case "auto": self = .auto
            case "keep": self = .keep
            default:
                guard let name = BLASCoreChoice.knownCores.first(where: { $0.lowercased() == argument.lowercased() })
                else { return nil }
                self = .named(name)
            }
        }
    }

    public enum Decision: Equatable, Sendable {
        /// Run with what OpenBLAS detected (or what the user asked for).
        case keep(reason: String)
        /// Re-execute with OPENBLAS_CORETYPE set to this name.
        case reexecute(coreType: String, reason: String)
        /// The requested core cannot run on this CPU: a usage error.
        case refuse(reason: String)
    }

    /// Kernel sets of Debian's DYNAMIC_ARCH x86-64 build that `--blas-core` accepts:
    /// the Intel-lineage generic ones every x86-64 server runs, and the AVX ones
    /// a CPU may or may not have (checked by `missingFeature`). AMD's FMA4/XOP
    /// families and the BF16/AMX Intel ones are left out: no machine here has them.
    public static let knownCores = [
        "Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom",
        "Sandybridge", "Haswell", "Zen", "SkylakeX",
    ]

    /// Why `core` cannot run on a CPU with `features` (its kernels would die of
    /// SIGILL on the first product), or nil when it can: SkylakeX needs AVX-512F,
    /// Haswell and Zen need AVX2 + FMA, Sandybridge needs AVX; the others run on any x86-64.
    public static func missingFeature(core: String, features: CPUFeatures) -> String? {
        switch core.lowercased() {
        case "skylakex":
            return features.hasAVX512F ? nil : "\(core) needs AVX-512F, which this CPU (or its OS) lacks"
        case "haswell", "zen":
            return features.hasAVX2FMA ? nil : "\(core) needs AVX2 and FMA, which this CPU (or its OS) lacks"
        case "sandybridge":
            // Sandy Bridge introduced AVX; AVX2 and FMA came with Haswell.
            return features.hasAVX ? nil : "\(core) needs AVX, which this CPU (or its OS) lacks"
        default:
            return nil
        }
    }

    /// Cores with no AVX2 kernels: on a CPU that has AVX2 + FMA, OpenBLAS running
    /// one of these means it did not recognise the CPU.
    static let genericFallbacks: Set<String> = [
        "prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "sandybridge",
        "barcelona", "opteron", "opteron_sse3", "bobcat", "nano", "katmai", "coppermine",
        "northwood", "banias", "athlon", "unknown",
    ]

    /// The decision, as a pure function of what the process can observe.
    /// - Parameters:
    ///   - userCoreType: `OPENBLAS_CORETYPE` as the user set it (nil when unset or set by gemmbench itself).
    ///   - detectedCore: `openblas_get_corename()` in this process.
    public static func decide(mode: Mode, userCoreType: String?, detectedCore: String,
                              features: CPUFeatures) -> Decision {
        if let user = userCoreType, !user.isEmpty {
            return .keep(reason: "OPENBLAS_CORETYPE=\(user) set by the user is respected")
        }
        switch mode {
        case .keep:
            return .keep(reason: "--blas-core keep: running what OpenBLAS detected")
        case .named(let name):
            if let missing = missingFeature(core: name, features: features) {
                return .refuse(reason: "--blas-core \(missing)")
            }
            if name.lowercased() == detectedCore.lowercased() {
                return .keep(reason: "OpenBLAS already runs \(name)")
            }
            return .reexecute(coreType: name, reason: "--blas-core \(name) asked for it")
        case .auto:
            guard genericFallbacks.contains(detectedCore.lowercased()) else {
                return .keep(reason: "OpenBLAS detected \(detectedCore)")
            }
            if features.hasAVX512F {
                return .reexecute(coreType: "SkylakeX",
                                  reason: "OpenBLAS fell back to \(detectedCore) on a CPU with AVX-512F")
            }
            if features.hasAVX2FMA {
                return .reexecute(coreType: "Haswell",
                                  reason: "OpenBLAS fell back to \(detectedCore) on a CPU with AVX2+FMA")
            }
            return .keep(reason: "OpenBLAS detected \(detectedCore); the CPU has no AVX2+FMA for a better kernel")
        }
    }
}
