/// gemmbench-mpi's `--algorithm`, and the `algorithms` of a sweep's `[mpi]` grid.
public enum MPIAlgorithm: String, CaseIterable, Sendable {
    /// gemmbench's own: SUMMA across nodes, a shared window within each (`SummaEngine`).
    case summa
    /// ScaLAPACK's PDGEMM, the peer (`PdgemmGemm`).
    case pdgemm
    /// gemmbench's tile products on ranks instead of worker processes
    /// (`MPITaskExecutor`): rank 0 runs gemmbench's own runners and every rank,
    /// rank 0 included, multiplies tiles; the same word as gemmbench's own rows.
    case tiles
}

extension MPIAlgorithm {
    /// The chain planners gemmbench-mpi's `chain` runs on this algorithm — one rule
    /// for its parser and for a sweep's `[mpi-chain]` grid. SUMMA runs every
    /// planner: `parallel` runs independent products side by side on disjoint
    /// sub-grids (`SubgridChain`), the others each product on the whole grid;
    /// tiles run gemmbench's own chain DAG, so every planner too; PDGEMM
    /// multiplies one pair of matrices and runs no chain.
    public var chainPlanners: [PlannerKind] {
        switch self {
        case .summa, .tiles: return PlannerKind.allCases
        case .pdgemm: return []
        }
    }
}
