import Glibc

/// A file written so that a reader sees either the old file or the whole new
/// one: a temporary in the same directory, written, fsync'd, renamed over the
/// target, then the directory fsync'd so the rename survives a crash.
///
/// The temporary's name is `.<name>.tmp-<pid>-<random>`, created with O_EXCL:
/// unpredictable, and never an existing file or a planted symbolic link. While
/// it exists it is registered with `TerminationCleanup`, so SIGINT/SIGTERM
/// remove it too.
public struct AtomicFile {
    public let path: String
    public let temporaryPath: String
    public let descriptor: FileDescriptor
    private let operations: FileOperations

    /// Tries this many random names before giving up on EEXIST (a collision of
    /// two 64-bit random names is already vanishingly rare).
    static let nameAttempts = 8

    /// Creates the temporary for `path` (mode before the umask: `mode`; gemmbench's
    /// files are all 0644, docs/contracts.md "Files it writes").
    public static func create(for path: String, mode: UInt32 = 0o644,
                              using operations: FileOperations = .live) throws(AtomicFileError) -> AtomicFile {
        guard let (directory, name) = splitPath(path) else { throw .notAFileName }
        var lastError = Errno("open", code: EEXIST)
        for _ in 0..<nameAttempts {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let temporary = (directory == "/" ? "" : directory) + "/.\(name).tmp-\(getpid())-\(suffix)"
            TerminationCleanup.register(temporaryFile: temporary)
            switch operations.createExclusive(temporary, mode) {
            case .success(let descriptor):
                return AtomicFile(path: path, temporaryPath: temporary, descriptor: descriptor, operations: operations)
            case .failure(let error):
                TerminationCleanup.unregister(temporaryFile: temporary)
                lastError = error
                if error.code != EEXIST { throw .cannotCreate(directory: directory, error) }
            }
        }
        throw .cannotCreate(directory: directory, lastError)
    }

    /// Writes all of `count` bytes to the temporary.
    public func write(_ bytes: UnsafeRawPointer, count: Int) throws(AtomicFileError) {
        if case .failure(let error) = operations.write(descriptor, bytes, count) { throw .cannotWrite(error) }
    }

    /// fsync, close, rename over `path`, then fsync the directory so the rename
    /// survives a crash. Up to the rename a failure removes the temporary and
    /// leaves `path` as it was; a failed directory fsync (`cannotSyncDirectory`)
    /// comes after the new file is in place. A file system that cannot fsync a
    /// directory at all (EINVAL) is not an error.
    public func commit() throws(AtomicFileError) {
        if case .failure(let error) = operations.fsync(descriptor) {
            abandon()
            throw .cannotWrite(error)
        }
        descriptor.close()
        if case .failure(let error) = operations.rename(temporaryPath, path) {
            removeFile(temporaryPath)
            TerminationCleanup.unregister(temporaryFile: temporaryPath)
            throw .cannotRename(error)
        }
        TerminationCleanup.unregister(temporaryFile: temporaryPath)
        guard let (directory, _) = Self.splitPath(path) else { return }
        let opened = openFile(directory, [.readOnly, .directory])
        guard case .success(let fd) = opened else {
            if case .failure(let error) = opened { throw .cannotSyncDirectory(error) }
            return
        }
        defer { fd.close() }
        if case .failure(let error) = operations.fsync(fd), error.code != EINVAL { throw .cannotSyncDirectory(error) }
    }

    /// Closes and removes the temporary; `path` is untouched.
    public func abandon() {
        descriptor.close()
        removeFile(temporaryPath)
        TerminationCleanup.unregister(temporaryFile: temporaryPath)
    }

    /// ("dir", "name") for "dir/name", (".", "name") for "name"; nil when nothing names a file.
    public static func splitPath(_ path: String) -> (directory: String, name: String)? {
        guard !path.isEmpty, !path.hasSuffix("/") else { return nil }
        guard let slash = path.lastIndex(of: "/") else {
            return path == "." || path == ".." ? nil : (".", path)
        }
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        let name = String(path[path.index(after: slash)...])
        guard name != ".", name != ".." else { return nil }
        return (directory, name)
    }
}

/// Why an atomic write failed; each case carries the kernel's reason.
public enum AtomicFileError: Error, Equatable, Sendable {
    case notAFileName
    case cannotCreate(directory: String, Errno)
    case cannotWrite(Errno)
    case cannotRename(Errno)
    /// The new file is in place, but its directory entry may not survive a crash.
    case cannotSyncDirectory(Errno)
}
