import Glibc

/// The calls an atomic write makes (see `AtomicFile`), and those of a file that
/// several processes fill block by block (`openExisting`, `writeAt`, `resize`),
/// swappable so tests can make any step fail without a real full disk or I/O error.
public struct FileOperations: Sendable {
    public var createExclusive: @Sendable (_ path: String, _ mode: UInt32) -> Result<FileDescriptor, Errno>
    public var write: @Sendable (_ descriptor: FileDescriptor, _ bytes: UnsafeRawPointer, _ count: Int) -> Result<Void, Errno>
    public var fsync: @Sendable (_ descriptor: FileDescriptor) -> Result<Void, Errno>
    public var rename: @Sendable (_ source: String, _ destination: String) -> Result<Void, Errno>
    /// Opens a file that already exists for writing, without creating or truncating it.
    public var openExisting: @Sendable (_ path: String) -> Result<FileDescriptor, Errno>
    /// Writes all of `count` bytes at byte `offset` (`pwrite`).
    public var writeAt: @Sendable (_ descriptor: FileDescriptor, _ bytes: UnsafeRawPointer, _ count: Int, _ offset: Int) -> Result<Void, Errno>
    /// Sets the file's size (`ftruncate`).
    public var resize: @Sendable (_ descriptor: FileDescriptor, _ size: Int) -> Result<Void, Errno>

    public init(createExclusive: @escaping @Sendable (String, UInt32) -> Result<FileDescriptor, Errno>,
                write: @escaping @Sendable (FileDescriptor, UnsafeRawPointer, Int) -> Result<Void, Errno>,
                fsync: @escaping @Sendable (FileDescriptor) -> Result<Void, Errno>,
                rename: @escaping @Sendable (String, String) -> Result<Void, Errno>,
                openExisting: @escaping @Sendable (String) -> Result<FileDescriptor, Errno>,
                writeAt: @escaping @Sendable (FileDescriptor, UnsafeRawPointer, Int, Int) -> Result<Void, Errno>,
                resize: @escaping @Sendable (FileDescriptor, Int) -> Result<Void, Errno>) {
        self.createExclusive = createExclusive
        self.write = write
        self.fsync = fsync
        self.rename = rename
        self.openExisting = openExisting
        self.writeAt = writeAt
        self.resize = resize
    }

    /// The real kernel.
    public static let live = FileOperations(
        createExclusive: { openFile($0, [.writeOnly, .create, .exclusive], mode: $1) },
        write: { descriptor, bytes, count in Result { () throws(Errno) in try descriptor.writeAll(bytes, count: count) } },
        fsync: { $0.sync() },
        rename: { renameFile($0, to: $1) },
        openExisting: { openFile($0, .writeOnly) },
        writeAt: { descriptor, bytes, count, offset in descriptor.writeFully(bytes, count: count, at: offset) },
        resize: { descriptor, size in descriptor.resize(to: size) }
    )
}
