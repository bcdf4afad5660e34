import SystemBoundary

/// Finds the suite file `--suite NAME_OR_PATH` refers to.
///
/// - A value containing '/' or ending in `.suite` is a path and must exist.
/// - Otherwise NAME is looked up as `Benchmarks/suites/NAME.suite` in the current
///   directory and each of its parents, then in the directory holding the
///   (symlink-resolved) binary and each of its parents — so `gemmbench sweep
///   --suite quick` works from anywhere inside the repository and from a binary
///   built under `.build/` of a checkout. The first file found wins.
func locateSuite(_ nameOrPath: String, binary: String) throws(HarnessError) -> String {
    if nameOrPath.contains("/") || nameOrPath.hasSuffix(".suite") {
        guard isRegularFile(nameOrPath) else { throw HarnessError("suite file \(nameOrPath) does not exist") }
        return nameOrPath
    }
    let relative = "Benchmarks/suites/\(nameOrPath).suite"
    var suiteFolders: [String] = []
    for directory in searchDirectories(binary: binary) {
        let candidate = joinPath(directory, relative)
        if isRegularFile(candidate) { return candidate }
        let folder = joinPath(directory, "Benchmarks/suites")
        if isDirectory(folder) && !suiteFolders.contains(folder) { suiteFolders.append(folder) }
    }
    let available = suiteFolders.first.map { suiteNames(in: $0) } ?? []
    let hint = available.isEmpty ? "" : " (available: \(available.joined(separator: ", ")))"
    throw HarnessError("no suite '\(nameOrPath)': found no \(relative) in the current directory, "
                       + "the binary's directory, or their parents\(hint)")
}

/// Where repository files are looked for, in order: the current directory and
/// each of its parents, then the directory holding the (symlink-resolved)
/// binary and each of its parents.
func searchDirectories(binary: String) -> [String] {
    var directories: [String] = []
    for start in [currentDirectory(), resolvedPath(binary).map(parentDirectory(of:))].compactMap({ $0 }) {
        var directory = start
        while true {
            directories.append(directory)
            let parent = parentDirectory(of: directory)
            if parent == directory { break }
            directory = parent
        }
    }
    return directories
}

/// The names of the `.suite` files in `folder`, sorted.
func suiteNames(in folder: String) -> [String] {
    directoryEntries(folder).filter { $0.hasSuffix(".suite") }.map { String($0.dropLast(6)) }.sorted()
}
