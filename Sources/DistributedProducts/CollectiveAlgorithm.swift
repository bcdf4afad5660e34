/// A product every rank of the job computes together on a process grid, each
/// rank holding blocks of the matrices: this layer's algorithms. (gemmbench-mpi's
/// `--algorithm tiles` is not one: rank 0 hands tiles to ranks, module TilesOnRanks.)
public enum CollectiveAlgorithm: Sendable, Equatable {
    /// gemmbench's own: SUMMA across nodes, a shared window within each (`SummaEngine`).
    case summa
    /// ScaLAPACK's PDGEMM, the peer (`PdgemmGemm`).
    case pdgemm
}
