import Glibc

/// The calls an atomic write makes (see `AtomicFile`), swappable so tests can
/// make any step fail without a real full disk or I/O error.
public struct FileOperations: Sendable {
    public var createExclusive: @Sendable (_ path: String, _ mode: UInt32) -> Result<FileDescriptor, Errno>
    public var write: @Sendable (_ descriptor: FileDescriptor, _ bytes: UnsafeRawPointer, _ count: Int) -> Result<Void, Errno>
    public var fsync: @Sendable (_ descriptor: FileDescriptor) -> Result<Void, Errno>
    public var rename: @Sendable (_ source: String, _ destination: String) -> Result<Void, Errno>

    public init(createExclusive: @escaping @Sendable (String, UInt32) -> Result<FileDescriptor, Errno>,
                write: @escaping @Sendable (FileDescriptor, UnsafeRawPointer, Int) -> Result<Void, Errno>,
                fsync: @escaping @Sendable (FileDescriptor) -> Result<Void, Errno>,
                rename: @escaping @Sendable (String, String) -> Result<Void, Errno>) {
        self.createExclusive = createExclusive
        self.write = write
        self.fsync = fsync
        self.rename = rename
    }

    /// The real kernel.
    public static let live = FileOperations(
        createExclusive: { openFile($0, [.writeOnly, .create, .exclusive], mode: $1) },
        write: { descriptor, bytes, count in Result { () throws(Errno) in try descriptor.writeAll(bytes, count: count) } },
        fsync: { $0.sync() },
        rename: { renameFile($0, to: $1) }
    )
}
