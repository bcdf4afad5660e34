import Vocabulary

extension Suite {
    /// An `[mpi]` or `[mpi-chain]` section: its problem on every launch of
    /// `launchKeys`, `mpirun [mpirun_args] -np R gemmbench-mpi gemm|chain …`.
    struct MPIGrid: Equatable {
        enum Problem: Equatable {
            /// `[mpi]`: the gemm of each size.
            case gemm(sizes: [Int])
            /// `[mpi-chain]`: each preset (or dims) with each planner, among `MPILaunch.chainPlanners`.
            case chain(presets: [String], planners: [PlannerKind])

            var op: Op {
                switch self {
                case .gemm: return .gemm
                case .chain: return .chain
                }
            }
        }

        let problem: Problem
        let launchKeys: MPILaunchKeys

        /// The gemm sizes of an `[mpi]` grid; none for `[mpi-chain]`.
        var gemmSizes: [Int] {
            guard case .gemm(let sizes) = problem else { return [] }
            return sizes
        }
    }

    /// The six keys every MPI section shares: on how many ranks, with which
    /// algorithm, node split, BLAS threads per rank and process grid, launched how.
    struct MPILaunchKeys: Equatable {
        let ranks: [Int]
        let algorithms: [MPIAlgorithm]
        let nodeSplits: [MPILaunch.NodeSplit]
        /// BLAS threads per rank.
        let threads: [Int]
        /// `--grid PxQ` values; nil lets gemmbench-mpi choose the most square grid.
        let grids: [String]?
        /// Key `mpirun_args`, split at spaces and tabs (no quoting: one word per argument).
        let mpirunArguments: [String]

        /// Every launch: algorithms × ranks × node splits × grids (none given:
        /// gemmbench-mpi's most square one).
        var launches: [MPILaunch] {
            algorithms.flatMap { algorithm in
                ranks.flatMap { ranks in
                    nodeSplits.flatMap { split in
                        (grids.map { $0.map(Optional.some) } ?? [nil]).map { grid in
                            MPILaunch(ranks: ranks, algorithm: algorithm, nodeSplit: split, grid: grid)
                        }
                    }
                }
            }
        }
    }
}

extension Suite.MPIGrid {
    /// The grid's configurations on every launch × threads and, for every size
    /// or preset, the one-process reference its rows are relative to (blas, or
    /// planner `optimal`, workers 0, threads 1), each once.
    func configurations() throws(SweepPlan.Refused) -> [BenchConfiguration] {
        var list = ConfigurationList()
        let launches = launchKeys.launches
        switch problem {
        case .gemm(let sizes):
            for n in sizes {
                try list.add(.gemm(n: n, kernel: .blas, workers: 0, threads: 1))
                for launch in launches {
                    for threads in launchKeys.threads { try list.add(.mpiGemm(n: n, launch: launch, threads: threads)) }
                }
            }
        case .chain(let presets, let planners):
            for preset in presets {
                let problem = BenchConfiguration.Problem(chainNamed: preset)
                try list.add(BenchConfiguration(problem: problem, planner: .optimal, workers: 0, threads: 1))
                for planner in planners {
                    for launch in launches {
                        for threads in launchKeys.threads {
                            try list.add(.mpiChain(problem, planner: planner, launch: launch, threads: threads))
                        }
                    }
                }
            }
        }
        return list.configurations
    }
}
