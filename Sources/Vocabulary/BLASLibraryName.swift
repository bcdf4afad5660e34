/// The BLAS libraries gemmbench knows by name (`--blas NAME`, a suite's `blas = …`,
/// the `blas_library` column). Any other library is named by its path.
///
/// Where each is found and how it is identified is `BLASLibrarySpec` in Platform.
public enum BLASLibraryName: String, CaseIterable, Sendable {
    /// Debian's OpenBLAS, linked into gemmbench: the default, loaded by nothing.
    case openblas
    /// BLIS 0.9 (Debian's libblis4-pthread).
    case blis
    /// Netlib's reference BLAS and CBLAS (Debian's libblas3): plain loops, one thread.
    case reference
    /// OpenBLAS 0.3.34 as the `scipy-openblas32` wheel ships it, every symbol prefixed `scipy_`.
    case scipyOpenblas = "scipy-openblas"

    /// The library every row used before `--blas` existed; its configurations keep their keys.
    public static let linkedDefault = BLASLibraryName.openblas

    /// True for a library with no threads of its own: `--threads` above 1 is refused with it.
    public var isSingleThreaded: Bool { self == .reference }

    /// `openblas|blis|reference|scipy-openblas`.
    public static var names: String { choiceList(allCases) }
}
