/// gemmbench-mpi's `--algorithm`, and the `algorithms` of a sweep's `[mpi]` grid.
public enum MPIAlgorithm: String, CaseIterable, Sendable {
    /// gemmbench's own: SUMMA across nodes, a shared window within each (`SummaEngine`).
    case summa
    /// ScaLAPACK's PDGEMM, the peer (`PdgemmGemm`).
    case pdgemm
}
