import Foundation

/// Writes a float64 .npy file of shape (rows, cols) whose data is a hole (a
/// sparse file: zeros that take no disk), so a test can hand the executables an
/// input with a huge extent without writing its bytes. Version 1.0 header,
/// padded to 64 bytes as numpy pads it.
public func writeSparseNpy(path: String, rows: Int, cols: Int) throws {
    let dictionary = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows), \(cols)), }"
    let unpadded = 10 + dictionary.utf8.count + 1
    let header = dictionary + String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    let length = header.utf8.count
    let prefix: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xff), UInt8(length >> 8)]
    guard FileManager.default.createFile(atPath: path, contents: Data(prefix + Array(header.utf8))) else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
    }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.truncate(atOffset: UInt64(prefix.count + length + 8 * rows * cols))
}
