import CSupport
import SwiftGemmKernel
import SystemBoundary

extension SwiftGemm {
    /// An instruction-set build of the blocked kernel. Both are in every binary;
    /// ``selected`` picks one per process, at its first product.
    public enum Build: String, Sendable, CaseIterable {
        /// AVX2 + FMA (compiled for Haswell): 6×8 tile of SIMD4<Double> in ymm registers.
        case avx2
        /// AVX-512 (compiled for Skylake-AVX512): 6×16 tile of SIMD8<Double> in zmm registers.
        case avx512

        /// The environment variable that overrides the cpuid choice: `auto` (or
        /// unset), `avx2` or `avx512`. Worker processes inherit it.
        public static let environmentVariable = "GEMMBENCH_SWIFT_BUILD"

        /// The build and why it was chosen, for `gemmbench info`.
        public struct Choice: Sendable, Equatable {
            public var build: Build
            /// e.g. "cpuid: AVX-512 F/BW/CD/DQ/VL with ZMM state" or "GEMMBENCH_SWIFT_BUILD=avx2".
            public var reason: String
        }

        /// The `-target-cpu` the build is compiled for.
        public var targetCPU: String {
            switch self {
            case .avx2: "haswell"
            case .avx512: "skylake-avx512"
            }
        }

        /// The register tile and cache blocks, e.g. "6×16 SIMD8<Double> tile, kc 256, mc 96, nc 4096".
        public var blocking: String {
            switch self {
            case .avx2: BlockedKernel<AVX2Blocking>.summary
            case .avx512: BlockedKernel<AVX512Blocking>.summary
            }
        }

        /// Whether this CPU and its OS run the build: AVX2 + FMA with YMM state
        /// saved; for AVX-512 also AVX-512 F, BW, CD, DQ and VL (Skylake-X's set)
        /// with opmask and ZMM state saved (XCR0 bits 1, 2, 5, 6, 7).
        public var runsHere: Bool {
            switch self {
            case .avx2: Build.cpu.avx2
            case .avx512: Build.cpu.avx512
            }
        }

        /// The choice for `requested` (the environment variable's value, nil if
        /// unset) on a CPU that does or does not run the AVX-512 build.
        public static func choose(requested: String?, runsAVX512: Bool) throws(SwiftGemmError) -> Choice {
            switch requested {
            case nil, "", "auto":
                return runsAVX512
                    ? Choice(build: .avx512, reason: "cpuid: AVX-512 F/BW/CD/DQ/VL with ZMM state")
                    : Choice(build: .avx2, reason: "cpuid: no AVX-512 F/BW/CD/DQ/VL with ZMM state")
            case "avx2":
                return Choice(build: .avx2, reason: "\(environmentVariable)=avx2")
            case "avx512":
                guard runsAVX512 else { throw .buildNotRunnable(requested: "avx512") }
                return Choice(build: .avx512, reason: "\(environmentVariable)=avx512")
            case let .some(other):
                throw .unknownBuild(requested: other)
            }
        }

        /// This process's choice: from ``environmentVariable`` and cpuid, read once.
        public static let selected: Result<Choice, SwiftGemmError> = Result {
            () throws(SwiftGemmError) -> Choice in
            try choose(requested: ProcessEnvironment()[environmentVariable], runsAVX512: cpu.avx512)
        }

        /// The selected build; a bad ``environmentVariable`` stops the process
        /// with its one-line reason (callers that want an exit code check
        /// ``selected`` first).
        static var selectedOrExit: Build {
            switch selected {
            case let .success(choice): return choice.build
            case let .failure(error): fatalError("\(environmentVariable): \(error)")
            }
        }

        private static let cpu: (avx2: Bool, avx512: Bool) = {
            var raw = gb_cpu_features()
            gb_read_cpu_features(&raw)
            let avx2 = raw.avx2 != 0 && raw.fma != 0 && raw.os_saves_avx != 0
            let avx512 = avx2 && raw.avx512f != 0 && raw.avx512_bw_cd_dq_vl != 0 && raw.os_saves_avx512 != 0
            return (avx2, avx512)
        }()
    }
}
