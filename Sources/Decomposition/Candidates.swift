import Vocabulary

/// The decompositions `--workers auto` chooses among on a machine with `cores`
/// cores: everything that keeps exactly the cores busy —
///
/// - one process with `cores` BLAS threads (OpenBLAS's own threading);
/// - P workers × T threads for every P·T = cores (P ≥ 1), with the default grid,
///   and for P ≥ 4 also the most square grid R×C = P (R ≥ C), which moves less
///   of A and B through each core's caches;
///
/// plus one process with one thread, which wins for products too small to
/// share. Fixing `threads` keeps only the candidates with that many threads.
public func autoCandidates(cores: Int, threads fixedThreads: Int? = nil) -> [Decomposition] {
    let cores = max(cores, 1)
    var candidates = [Decomposition(workers: 0, threads: 1)]
    if cores > 1 { candidates.append(Decomposition(workers: 0, threads: cores)) }
    for workers in 1...cores where cores % workers == 0 {
        let threads = cores / workers
        candidates.append(Decomposition(workers: workers, threads: threads))
        if workers >= 4, let square = mostSquareSplit(workers), square.cols > 1 {
            candidates.append(Decomposition(workers: workers, threads: threads, split: square))
        }
    }
    guard let fixedThreads else { return candidates }
    return candidates.filter { $0.threads == fixedThreads }
}

/// R × C = tiles with R ≥ C and C as large as possible: 4 → 2x2, 8 → 4x2, 16 → 4x4.
func mostSquareSplit(_ tiles: Int) -> GridShape? {
    guard tiles >= 1 else { return nil }
    var cols = 1
    var candidate = 1
    while candidate * candidate <= tiles {
        if tiles % candidate == 0 { cols = candidate }
        candidate += 1
    }
    return GridShape(rows: tiles / cols, cols: cols)
}
