import Glibc

/// How `openFile` opens: the flags gemmbench uses, always with O_CLOEXEC
/// added, so no descriptor leaks into a spawned process by accident.
public struct OpenOptions: OptionSet, Sendable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let readOnly = OpenOptions([])
    public static let writeOnly = OpenOptions(rawValue: O_WRONLY)
    public static let create = OpenOptions(rawValue: O_CREAT)
    /// With `create`: fail with EEXIST rather than open an existing file (or
    /// follow a symbolic link someone planted at the name).
    public static let exclusive = OpenOptions(rawValue: O_EXCL)
    public static let truncate = OpenOptions(rawValue: O_TRUNC)
    /// Opening a FIFO does not wait for the other end.
    public static let nonBlocking = OpenOptions(rawValue: O_NONBLOCK)
    public static let directory = OpenOptions(rawValue: O_DIRECTORY)
}

/// The corresponding C function is `open` (with O_CLOEXEC).
public func openFile(_ path: String, _ options: OpenOptions, mode: UInt32 = 0) -> Result<FileDescriptor, Errno> {
    retryOnInterrupt("open") { path.withCString { Glibc.open($0, options.rawValue | O_CLOEXEC, mode) } }
        .map { FileDescriptor(rawValue: $0) }
}

/// The whole file. The corresponding C functions are `open` and `read`.
public func readFile(_ path: String) throws(Errno) -> [UInt8] {
    let descriptor = try openFile(path, .readOnly).get()
    defer { descriptor.close() }
    return try descriptor.readToEnd()
}

/// Follows symbolic links. The corresponding C function is `stat`.
public func fileStatus(_ path: String) -> Result<FileStatus, Errno> {
    var info = stat()
    return retryOnInterrupt("stat") { stat(path, &info) }.map { _ in FileStatus(info) }
}

/// Does not follow a final symbolic link. The corresponding C function is `lstat`.
public func linkStatus(_ path: String) -> Result<FileStatus, Errno> {
    var info = stat()
    return retryOnInterrupt("lstat") { lstat(path, &info) }.map { _ in FileStatus(info) }
}

/// The corresponding C function is `rename`.
public func renameFile(_ source: String, to destination: String) -> Result<Void, Errno> {
    retryOnInterrupt("rename") { rename(source, destination) }.map { _ in () }
}

/// The corresponding C function is `unlink`.
@discardableResult
public func removeFile(_ path: String) -> Result<Void, Errno> {
    retryOnInterrupt("unlink") { unlink(path) }.map { _ in () }
}

/// Removes `path` and, when it is a directory, everything in it; a symbolic
/// link is removed, never followed. Goes on past what it cannot remove and
/// returns the first failure (a name already gone is no failure: another
/// process may be removing the same tree). The corresponding C functions are
/// `lstat`, `unlink` and `rmdir`.
@discardableResult
public func removeTree(_ path: String) -> Result<Void, Errno> {
    var firstFailure: Errno?
    func note(_ result: Result<Void, Errno>) {
        if case .failure(let error) = result, error.code != ENOENT, firstFailure == nil { firstFailure = error }
    }
    if case .success(let status) = linkStatus(path), status.kind == .directory {
        for name in directoryEntries(path) { note(removeTree(path + "/" + name)) }
        note(retryOnInterrupt("rmdir") { rmdir(path) }.map { _ in () })
    } else {
        note(removeFile(path))
    }
    return firstFailure.map { .failure($0) } ?? .success(())
}

/// The corresponding C function is `mkdir`.
public func makeDirectory(_ path: String, mode: UInt32 = 0o755) -> Result<Void, Errno> {
    retryOnInterrupt("mkdir") { mkdir(path, mode) }.map { _ in () }
}

/// Creates a symbolic link at `link` holding `target` as given.
/// The corresponding C function is `symlink`.
public func makeSymbolicLink(_ link: String, target: String) -> Result<Void, Errno> {
    retryOnInterrupt("symlink") { symlink(target, link) }.map { _ in () }
}

/// The canonical absolute path (symlinks resolved), or nil when it does not exist.
/// The corresponding C function is `realpath`.
public func resolvedPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}

/// The corresponding C function is `getcwd`.
public func currentDirectory() -> String {
    guard let cwd = getcwd(nil, 0) else { return "." }
    defer { free(cwd) }
    return String(cString: cwd)
}

/// The corresponding C function is `gethostname`.
public func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The first `directory/name` along `searchPath` (colon-separated, as PATH;
/// an empty entry is the current directory, as for `execvp`) that is a regular
/// file this process may execute; nil when there is none.
/// The corresponding C functions are `stat` and `access(X_OK)`.
public func executableInSearchPath(_ name: String, searchPath: String) -> String? {
    for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
        let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + name
        guard case .success(let status) = fileStatus(candidate), status.kind == .regular else { continue }
        if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
}
