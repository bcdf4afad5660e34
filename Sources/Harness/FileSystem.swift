import SystemBoundary

// The harness's files and directories, over SystemBoundary. Everything returns
// values or throws `HarnessError` with the path and errno's text.

/// A whole file as UTF-8 text. The corresponding C functions are `open` and `read`.
func readTextFile(_ path: String) throws(HarnessError) -> String {
    do {
        return String(decoding: try readFile(path), as: UTF8.self)
    } catch {
        throw HarnessError("cannot read \(path): \(error.reason)")
    }
}

/// Writes `text` to `path` so that a reader sees either the old file or the
/// whole new one, never a half-written one (see `AtomicFile`: an exclusive,
/// unpredictably named temporary; every fsync checked; removed on failure and
/// on SIGINT/SIGTERM).
func writeFileAtomically(_ path: String, _ text: String, using operations: FileOperations = .live) throws(HarnessError) {
    do throws(AtomicFileError) {
        let file = try AtomicFile.create(for: path, mode: 0o644, using: operations)
        var bytes = Array(text.utf8)
        let written = bytes.withUnsafeMutableBytes { raw in
            Result { () throws(AtomicFileError) in if !raw.isEmpty { try file.write(raw.baseAddress!, count: raw.count) } }
        }
        if case .failure(let error) = written {
            file.abandon()
            throw error
        }
        try file.commit()
    } catch {
        throw HarnessError("cannot write \(path): \(describe(error))")
    }
}

private func describe(_ error: AtomicFileError) -> String {
    switch error {
    case .notAFileName: return "not a file name"
    case .cannotCreate(let directory, let error): return "cannot create a temporary file in \(directory): \(error.reason)"
    case .cannotWrite(let error): return error.message
    case .cannotRename(let error): return "cannot move the temporary into place: \(error.reason)"
    case .cannotSyncDirectory(let error): return "written, but its directory could not be synced: \(error.message)"
    }
}

/// `mkdir -p`: creates `path` and any missing parents (mode 0755).
func makeDirectories(_ path: String) throws(HarnessError) {
    if isDirectory(path) { return }
    let parent = parentDirectory(of: path)
    if parent != path && !parent.isEmpty { try makeDirectories(parent) }
    if case .failure(let error) = makeDirectory(path), error.code != Errno.exists {
        throw HarnessError("cannot create directory \(path): \(error.reason)")
    }
}

/// Creates a directory that did not exist before; false if it already existed.
func makeNewDirectory(_ path: String) throws(HarnessError) -> Bool {
    switch makeDirectory(path) {
    case .success: return true
    case .failure(let error) where error.code == Errno.exists: return false
    case .failure(let error): throw HarnessError("cannot create directory \(path): \(error.reason)")
    }
}

/// Points the symbolic link `link` at `target` (stored as given, so a relative
/// target stays relative), replacing an older link atomically via rename. The
/// new link is made under an unpredictable name first (`symlink` never
/// follows or replaces an existing name).
func replaceSymlink(_ link: String, target: String) throws(HarnessError) {
    try checkSymlinkReplaceable(link)
    let temporary = "\(link).tmp-\(ProcessID.current.rawValue)-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
    if case .failure(let error) = makeSymbolicLink(temporary, target: target) {
        throw HarnessError("cannot create symbolic link \(temporary): \(error.reason)")
    }
    if case .failure(let error) = renameFile(temporary, to: link) {
        removeFile(temporary)
        throw HarnessError("cannot rename \(temporary) to \(link): \(error.reason)")
    }
}

/// Throws unless `link` is absent or a symbolic link (so `replaceSymlink` will
/// not fail after a long sweep because `latest` is a real directory).
func checkSymlinkReplaceable(_ link: String) throws(HarnessError) {
    if case .success(let status) = linkStatus(link), status.kind != .symbolicLink {
        throw HarnessError("cannot update \(link): it exists and is not a symbolic link")
    }
}

func fileExists(_ path: String) -> Bool {
    if case .success = fileStatus(path) { return true }
    return false
}

func isDirectory(_ path: String) -> Bool {
    if case .success(let status) = fileStatus(path) { return status.kind == .directory }
    return false
}

func isRegularFile(_ path: String) -> Bool {
    if case .success(let status) = fileStatus(path) { return status.kind == .regular }
    return false
}

/// The canonical absolute path (symlinks resolved), or nil when it does not exist.
func resolvedPath(_ path: String) -> String? { SystemBoundary.resolvedPath(path) }

func currentDirectory() -> String { SystemBoundary.currentDirectory() }

func hostName() -> String { SystemBoundary.hostName() }

/// `dirname`, for plain '/'-separated paths: "a/b/c" → "a/b", "/a" → "/", "a" → ".".
func parentDirectory(of path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return "." }
    if slash == trimmed.startIndex { return "/" }
    return String(trimmed[..<slash])
}

/// Joins path components with exactly one '/' between them.
func joinPath(_ base: String, _ component: String) -> String {
    if component.hasPrefix("/") || base.isEmpty { return component }
    return base.hasSuffix("/") ? base + component : base + "/" + component
}
