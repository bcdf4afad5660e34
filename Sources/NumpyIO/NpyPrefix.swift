/// The fixed part of a .npy file before the header dict (numpy `lib/format.py`, NEP 1):
///
///     bytes 0..<6   magic "\x93NUMPY"
///     byte  6, 7    major, minor version
///     1.0:          2-byte little-endian header length, header (latin-1) starts at 10
///     2.0, 3.0:     4-byte little-endian header length, header starts at 12 (3.0: UTF-8)
///
/// Data starts right after the header, at `headerStart + headerLength`. numpy pads so that
/// is a multiple of 64 (16 in files from before numpy 1.14); readers accept any offset.
struct NpyPrefix: Equatable {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    /// Enough bytes to decode the prefix of any supported version.
    static let maximumLength = 12
    /// A 2-D float64 header is under 200 bytes; this bound keeps a corrupt length field from
    /// making us read gigabytes of "header" (numpy itself refuses headers over 10 000 characters).
    static let maximumHeaderLength = 1 << 20

    let major: UInt8
    let minor: UInt8
    let headerStart: Int
    let headerLength: Int

    /// Header text is UTF-8 from version 3.0 on, latin-1 before.
    var headerIsUTF8: Bool { major >= 3 }
    var dataOffset: Int { headerStart + headerLength }

    /// Decodes the prefix from the file's first bytes (`bytes.count` < 12 only if the file is that short).
    static func decode(_ bytes: [UInt8], fileSize: Int, path: String) throws(NpyError) -> NpyPrefix {
        guard bytes.count >= magic.count + 2, bytes.starts(with: magic) else {
            let found = bytes.prefix(magic.count).map { byte in
                (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
            }.joined()
            throw NpyError(.badMagic, path: path,
                           "not a .npy file: expected it to start with \\x93NUMPY, found \"\(found)\" (\(fileSize) bytes in file)")
        }
        let major = bytes[6], minor = bytes[7]
        let lengthFieldSize: Int
        switch (major, minor) {
        case (1, 0): lengthFieldSize = 2
        case (2, 0), (3, 0): lengthFieldSize = 4
        default:
            throw NpyError(.unsupportedVersion, path: path,
                           "unsupported .npy format version \(major).\(minor) (supported: 1.0, 2.0, 3.0)")
        }
        let headerStart = 8 + lengthFieldSize
        guard bytes.count >= headerStart else {
            throw NpyError(.malformedHeader, path: path,
                           "file ends inside the header length field (\(fileSize) bytes in file)")
        }
        var headerLength = 0
        for index in (8..<headerStart).reversed() { headerLength = headerLength << 8 | Int(bytes[index]) }
        guard headerLength <= maximumHeaderLength else {
            throw NpyError(.malformedHeader, path: path,
                           "header length \(headerLength) bytes exceeds the \(maximumHeaderLength)-byte limit")
        }
        guard headerStart + headerLength <= fileSize else {
            throw NpyError(.malformedHeader, path: path,
                           "file ends inside the header: header length says \(headerLength) bytes, only \(fileSize - headerStart) follow the prefix")
        }
        return NpyPrefix(major: major, minor: minor, headerStart: headerStart, headerLength: headerLength)
    }
}
