import Glibc

// The harness's only contact with files and directories. Everything returns
// values or throws `HarnessError` with the path and errno's text.

private func errnoText() -> String { String(cString: strerror(errno)) }

/// A whole file as UTF-8 text. The corresponding C functions are `open` and `read`.
func readTextFile(_ path: String) throws(HarnessError) -> String {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw HarnessError("cannot read \(path): \(errnoText())") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            throw HarnessError("cannot read \(path): \(errnoText())")
        }
        if count == 0 { break }
        bytes.append(contentsOf: buffer[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Writes `text` to `path` so that a reader sees either the old file or the
/// whole new one, never a half-written one: write `path.tmp-PID`, fsync, rename.
func writeFileAtomically(_ path: String, _ text: String) throws(HarnessError) {
    let temporary = "\(path).tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw HarnessError("cannot write \(temporary): \(errnoText())") }
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
        if written < 0 && errno == EINTR { continue }
        if written <= 0 {
            let message = "cannot write \(temporary): \(errnoText())"
            close(fd)
            unlink(temporary)
            throw HarnessError(message)
        }
        offset += written
    }
    fsync(fd)
    close(fd)
    guard rename(temporary, path) == 0 else {
        let message = "cannot rename \(temporary) to \(path): \(errnoText())"
        unlink(temporary)
        throw HarnessError(message)
    }
}

/// `mkdir -p`: creates `path` and any missing parents (mode 0755).
func makeDirectories(_ path: String) throws(HarnessError) {
    if isDirectory(path) { return }
    let parent = parentDirectory(of: path)
    if parent != path && !parent.isEmpty { try makeDirectories(parent) }
    if mkdir(path, 0o755) != 0 && errno != EEXIST {
        throw HarnessError("cannot create directory \(path): \(errnoText())")
    }
}

/// Creates a directory that did not exist before; false if it already existed.
func makeNewDirectory(_ path: String) throws(HarnessError) -> Bool {
    if mkdir(path, 0o755) == 0 { return true }
    if errno == EEXIST { return false }
    throw HarnessError("cannot create directory \(path): \(errnoText())")
}

/// Points the symbolic link `link` at `target` (stored as given, so a relative
/// target stays relative), replacing an older link atomically via rename.
func replaceSymlink(_ link: String, target: String) throws(HarnessError) {
    try checkSymlinkReplaceable(link)
    let temporary = "\(link).tmp-\(getpid())"
    unlink(temporary)
    guard symlink(target, temporary) == 0 else {
        throw HarnessError("cannot create symbolic link \(temporary): \(errnoText())")
    }
    guard rename(temporary, link) == 0 else {
        let message = "cannot rename \(temporary) to \(link): \(errnoText())"
        unlink(temporary)
        throw HarnessError(message)
    }
}

/// Throws unless `link` is absent or a symbolic link (so `replaceSymlink` will
/// not fail after a long sweep because `latest` is a real directory).
func checkSymlinkReplaceable(_ link: String) throws(HarnessError) {
    var info = stat()
    if lstat(link, &info) == 0 && (info.st_mode & S_IFMT) != S_IFLNK {
        throw HarnessError("cannot update \(link): it exists and is not a symbolic link")
    }
}

func fileExists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
}

func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
}

func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
}

/// The canonical absolute path (symlinks resolved), or nil when it does not exist.
func resolvedPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}

func currentDirectory() -> String {
    guard let cwd = getcwd(nil, 0) else { return "." }
    defer { free(cwd) }
    return String(cString: cwd)
}

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

func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
