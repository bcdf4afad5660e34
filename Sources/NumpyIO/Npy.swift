/// Reading and writing the numpy `.npy` format (numpy `lib/format.py`, NEP 1) for the one
/// kind of array gemmbench multiplies: 2-D, C order, little-endian float64.
///
/// Reading: ``readHeader(path:)`` validates a file completely without touching its data;
/// ``readData(_:into:leadingDimension:)`` then `pread`s the data straight into caller memory
/// (the shared arena), so a multi-GiB factor is never held twice.
/// Writing: ``writeAtomically(path:rows:cols:from:leadingDimension:)`` never leaves a
/// half-written file at `path`.
public enum Npy {}
