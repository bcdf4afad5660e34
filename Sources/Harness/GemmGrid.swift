import Vocabulary

extension Suite {
    /// A `[gemm]` section: sizes × kernels × workers × threads × transports, the
    /// `blas` kernel on each of `libraries`.
    struct GemmGrid: Equatable {
        let sizes: [Int]
        let kernels: [Kernel]
        let workers: [Int]
        /// `workers = …, auto`: also `--workers auto` (which chooses the threads too).
        var workersAuto = false
        let threads: [Int]
        let transports: [Transport]
        /// `blas = …`: the libraries its `blas` kernel runs on, nil the linked OpenBLAS (the default).
        var libraries: [String?] = [nil]
    }
}

extension Suite.GemmGrid {
    /// The grid's configurations and, for every size, the references its rows
    /// are relative to (`SweepPlan`), each once; the Swift reference only at
    /// sizes ≤ `swiftReferenceMaxSize` (nil: every size).
    func configurations(swiftReferenceMaxSize: Int?) throws(SweepPlan.Refused) -> [BenchConfiguration] {
        var list = ConfigurationList()
        for n in sizes {
            try list.add(.gemm(n: n, kernel: .blas, workers: 0, threads: 1))
            if swiftReferenceMaxSize.map({ n <= $0 }) ?? true {
                try list.add(.gemm(n: n, kernel: .swift, workers: 0, threads: 1))
            }
            for kernel in kernels {
                if workersAuto { try list.add(.gemmAuto(n: n, kernel: kernel)) }
                // Only the blas kernel runs on a library; the others once, on none.
                for library in kernel == .blas ? libraries : [nil] {
                    try add(n: n, kernel: kernel, library: library, to: &list)
                }
            }
        }
        return list.configurations
    }

    /// Size `n` with `kernel` on `library` at every workers × threads × transport,
    /// after the one-process references on that library: one thread, and
    /// OpenBLAS's own P threads for each blas worker count P ≥ 2.
    private func add(n: Int, kernel: Kernel, library: String?, to list: inout ConfigurationList) throws(SweepPlan.Refused) {
        let threaded = SweepPlan.runsThreads(library)
        if library != nil { try list.add(.gemm(n: n, kernel: .blas, workers: 0, threads: 1, library: library)) }
        for workers in self.workers {
            if kernel == .blas && workers >= 2 && threaded {
                try list.add(.gemm(n: n, kernel: .blas, workers: 0, threads: workers, library: library))
            }
            for threads in self.threads where threads == 1 || threaded {
                for transport in transports {
                    try list.add(.gemm(n: n, kernel: kernel, workers: workers, threads: threads,
                                       transport: transport, library: library))
                }
            }
        }
    }
}
