/// The largest dimension of a matrix on MPI ranks: ScaLAPACK's descriptors
/// hold 32-bit integers, and one MPI message counts in them too.
public enum DimensionLimit {
    public static let maximum = Int(Int32.max)
}
