import Foundation
import Glibc

/// A fresh empty directory `parent/prefix-XXXXXX`, made by `mkdtemp` (so two
/// tests running at once never share one). Traps, naming the error, when none
/// can be made: no test can go on without its directory.
public func makeTemporaryDirectory(prefix: String = "gemmbench-test", under parent: String = "/tmp") -> String {
    var template = Array("\(parent)/\(prefix)-XXXXXX".utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
        fatalError("mkdtemp \(parent)/\(prefix)-XXXXXX: \(String(cString: strerror(errno)))")
    }
    return String(cString: made)
}

/// Removes `directory` and everything below it (links removed, not followed);
/// a directory already gone is fine.
public func removeTemporaryDirectory(_ directory: String) {
    try? FileManager.default.removeItem(atPath: directory)
}

/// Runs `body` in a fresh directory (`makeTemporaryDirectory`), removed when
/// `body` returns or throws.
public func withTemporaryDirectory<T>(prefix: String = "gemmbench-test", under parent: String = "/tmp",
                                      _ body: (String) throws -> T) rethrows -> T {
    let directory = makeTemporaryDirectory(prefix: prefix, under: parent)
    defer { removeTemporaryDirectory(directory) }
    return try body(directory)
}
