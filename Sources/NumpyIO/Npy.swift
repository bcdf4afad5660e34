/// Reading and writing the numpy `.npy` format (numpy `lib/format.py`, NEP 1) for the one
/// kind of array gemmbench multiplies: 2-D, C order, little-endian float64.
///
/// Reading: ``readHeader(path:)`` validates a file completely without touching its data;
/// ``readData(_:into:leadingDimension:)`` then `pread`s the data straight into caller memory
/// (the shared arena), so a multi-GiB factor is never held twice.
/// ``readBlock(_:rows:cols:into:leadingDimension:)`` reads just one rectangle (a rank's block).
/// Writing: ``writeAtomically(path:rows:cols:from:leadingDimension:)`` never leaves a
/// half-written file at `path`; ``NpyOutputFile`` does the same for a file that several
/// processes write block by block.
public enum Npy {}
