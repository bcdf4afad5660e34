import SystemBoundary

/// A file of this repository as text, found from this source file's path.
func repositoryFile(_ relativePath: String, from file: String = #filePath) throws -> String {
    var parts = file.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/ResultRowsTests/<file>.swift
    return String(decoding: try readFile((parts + [Substring(relativePath)]).joined(separator: "/")), as: UTF8.self)
}
