import Glibc

/// The gemmbench executable SwiftPM builds next to the test bundle
/// (<scratch>/debug/gemmbenchPackageTests.xctest → <scratch>/debug/gemmbench),
/// or nil when it is not there. Shared by every test target that starts it.
public func gemmbenchExecutable() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard length > 0 else { return nil }
    let testBinary = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard let slash = testBinary.lastIndex(of: "/") else { return nil }
    let path = String(testBinary[..<slash]) + "/gemmbench"
    return access(path, X_OK) == 0 ? path : nil
}
