import Vocabulary

extension Suite {
    /// A `[chain]` section: presets × planners × workers × threads × transports
    /// on each of `libraries`.
    struct ChainGrid: Equatable {
        /// Preset names, or dims spelled `d0xd1x…xdk`.
        let presets: [String]
        let planners: [PlannerKind]
        let workers: [Int]
        let threads: [Int]
        let transports: [Transport]
        /// `blas = …`, as in `GemmGrid`.
        var libraries: [String?] = [nil]
    }
}

extension Suite.ChainGrid {
    /// The grid's configurations and, for every preset on every library, the
    /// reference its rows are relative to (planner `optimal`, workers 0, threads 1), each once.
    func configurations() throws(SweepPlan.Refused) -> [BenchConfiguration] {
        var list = ConfigurationList()
        for preset in presets {
            let problem = BenchConfiguration.Problem(chainNamed: preset)
            for library in libraries {
                try list.add(BenchConfiguration(problem: problem, planner: .optimal, workers: 0, threads: 1, library: library))
                for planner in planners {
                    for workers in self.workers {
                        for threads in self.threads where threads == 1 || SweepPlan.runsThreads(library) {
                            for transport in transports {
                                try list.add(BenchConfiguration(problem: problem, planner: planner, workers: workers,
                                                                threads: threads, transport: transport, library: library))
                            }
                        }
                    }
                }
            }
        }
        return list.configurations
    }
}
