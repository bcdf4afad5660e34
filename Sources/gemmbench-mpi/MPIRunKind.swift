import DistributedProducts
import Vocabulary

/// What an `--algorithm` word runs, and which layer runs it: a product the
/// ranks compute together on a process grid (DistributedProducts, through
/// `MPIGemmRunner` and `MPIChainRunner`), or gemmbench's own tiles handed to
/// ranks as they free up (TilesOnRanks, through `MPITilesRunner`).
enum MPIRunKind: Equatable {
    case collective(CollectiveAlgorithm)
    case tiles

    init(_ algorithm: MPIAlgorithm) {
        switch algorithm {
        case .summa: self = .collective(.summa)
        case .pdgemm: self = .collective(.pdgemm)
        case .tiles: self = .tiles
        }
    }
}
