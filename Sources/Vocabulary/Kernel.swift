/// The three ways gemmbench can compute C ← alpha·A·B + beta·C, chosen by name
/// on the command line (`--kernel`), in suites and in task records.
///
/// The computation itself is `Kernel.multiply` in GemmCore.
public enum Kernel: String, CaseIterable, Sendable {
    /// OpenBLAS `cblas_dgemm`: the speed everything is measured against.
    case blas
    /// The tuned pure-Swift kernel (module SwiftGemm): packing, blocking, SIMD FMA.
    case swift
    /// The plain triple loop: the reference the others are tested against.
    case naive

    /// The one-line list used in usage errors: `blas|swift|naive`.
    public static var names: String { choiceList(allCases) }
}
