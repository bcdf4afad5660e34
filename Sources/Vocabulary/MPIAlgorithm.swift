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
