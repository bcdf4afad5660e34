import Foundation
import Glibc
import Testing
@testable import NumpyIO
import SystemBoundary
import TestSupport

/// A failed write leaves `path` exactly as it was and no temporary behind.
@Suite struct AtomicWriteTests {
    static let values: [Double] = (0..<12).map { Double($0) * 1.25 }

    private func write(_ path: String, rows: Int = 3, cols: Int = 4, leadingDimension: Int = 4,
                       using operations: FileOperations = .live) throws(NpyError) {
        try Self.values.withUnsafeBufferPointer { (buffer) throws(NpyError) in
            try Npy.writeAtomically(path: path, rows: rows, cols: cols, from: buffer.baseAddress!,
                                    leadingDimension: leadingDimension, using: operations)
        }
    }

    @Test func pathThatIsADirectoryIsLeftAloneAndNoTemporaryRemains() throws {
        try withTemporaryDirectory { directory throws in
            let target = directory + "/out.npy"
            #expect(mkdir(target, 0o755) == 0)
            expectNpyError(.io, path: target, mentioning: ["cannot move", "Is a directory", "left unchanged"]) { () throws(NpyError) in
                try write(target)
            }
            #expect(try directoryListing(directory) == ["out.npy"])
            #expect(try directoryListing(target).isEmpty)
        }
    }

    @Test func destinationCheckRefusesAMissingOrNonDirectoryParentAndLeavesNothing() throws {
        try withTemporaryDirectory { directory throws in
            let missing = directory + "/no/such/dir/out.npy"
            expectNpyError(.io, path: missing, mentioning: ["No such file or directory"]) { () throws(NpyError) in
                try Npy.checkDestination(path: missing)
            }
            let file = directory + "/plain"
            #expect(FileManager.default.createFile(atPath: file, contents: Data()))
            expectNpyError(.io, path: file + "/out.npy", mentioning: ["Not a directory"]) { () throws(NpyError) in
                try Npy.checkDestination(path: file + "/out.npy")
            }
            expectNpyError(.invalidArgument, path: directory + "/") { () throws(NpyError) in
                try Npy.checkDestination(path: directory + "/")
            }
            try Npy.checkDestination(path: directory + "/fine.npy")
            #expect(try directoryListing(directory) == ["plain"], "the probe leaves nothing behind")
        }
    }

    @Test func missingParentDirectoryCreatesNothing() throws {
        try withTemporaryDirectory { directory throws in
            let target = directory + "/no/such/dir/out.npy"
            expectNpyError(.io, path: target, mentioning: ["temporary file", "No such file or directory"]) { () throws(NpyError) in
                try write(target)
            }
            #expect(try directoryListing(directory).isEmpty)
        }
    }

    @Test(.enabled(if: geteuidIsNotRoot(), "root writes to read-only directories"))
    func readOnlyDirectoryCreatesNothing() throws {
        try withTemporaryDirectory { directory throws in
            #expect(chmod(directory, 0o555) == 0)
            defer { _ = chmod(directory, 0o755) }
            let target = directory + "/out.npy"
            expectNpyError(.io, path: target, mentioning: ["Permission denied"]) { () throws(NpyError) in
                try write(target)
            }
            #expect(try directoryListing(directory).isEmpty)
        }
    }

    @Test(arguments: ["", "dir/", "/", "a/.."])
    func pathThatNamesNoFileIsRejectedUpFront(_ path: String) {
        expectNpyError(.invalidArgument, path: path, mentioning: ["must name a file"]) { () throws(NpyError) in
            try write(path)
        }
    }

    @Test func badShapesAreRejectedBeforeAnyFileIsCreated() throws {
        try withTemporaryDirectory { directory throws in
            let target = directory + "/out.npy"
            expectNpyError(.invalidArgument, path: target, mentioning: ["leading dimension 3", "4 columns"]) { () throws(NpyError) in
                try write(target, leadingDimension: 3)
            }
            expectNpyError(.invalidArgument, path: target, mentioning: ["non-negative"]) { () throws(NpyError) in
                try write(target, rows: -1)
            }
            expectNpyError(.tooLarge, path: target) { () throws(NpyError) in
                try write(target, rows: Int.max / 2, cols: 4, leadingDimension: 4)
            }
            #expect(try directoryListing(directory).isEmpty)
        }
    }

    enum FailingStep: String, CaseIterable, Sendable { case headerWrite, dataWrite, fsync, rename }

    /// Each step of the write fails in turn (as a full disk or I/O error would); the previous
    /// file must survive byte for byte and the temporary must be gone.
    @Test(arguments: FailingStep.allCases)
    func failureAtAnyStepLeavesThePreviousFileIntact(_ step: FailingStep) throws {
        try withTemporaryDirectory { directory throws in
            let target = directory + "/y.npy"
            try write(target)
            let before = try readFileBytes(target)

            let writes = Counter()
            var operations = FileOperations.live
            let live = FileOperations.live
            operations.write = { descriptor, bytes, count in
                let call = writes.next()
                if (step == .headerWrite && call == 0) || (step == .dataWrite && call == 1) {
                    // Write part of it first, like a disk that fills up midway.
                    _ = live.write(descriptor, bytes, min(count, 5))
                    return .failure(Errno("write", code: ENOSPC))
                }
                return live.write(descriptor, bytes, count)
            }
            if step == .fsync { operations.fsync = { _ in .failure(Errno("fsync", code: EIO)) } }
            if step == .rename { operations.rename = { _, _ in .failure(Errno("rename", code: EXDEV)) } }

            let reason = switch step {
            case .headerWrite, .dataWrite: "No space left on device"
            case .fsync: "Input/output error"
            case .rename: "cross-device"
            }
            expectNpyError(.io, path: target, mentioning: [reason, "left unchanged"]) { () throws(NpyError) in
                try Self.values.withUnsafeBufferPointer { (buffer) throws(NpyError) in
                    try Npy.writeAtomically(path: target, rows: 2, cols: 6, from: buffer.baseAddress!, leadingDimension: 6, using: operations)
                }
            }
            #expect(try directoryListing(directory) == ["y.npy"])
            #expect(try readFileBytes(target) == before)
        }
    }

    @Test func newFileGetsTheUsualPermissionsNotMkstemps0600() throws {
        try withTemporaryDirectory { directory throws in
            let reference = directory + "/reference"
            let descriptor = open(reference, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            #expect(descriptor >= 0)
            close(descriptor)
            let target = directory + "/y.npy"
            try write(target)
            var referenceStatus = stat(), targetStatus = stat()
            #expect(stat(reference, &referenceStatus) == 0 && stat(target, &targetStatus) == 0)
            #expect(targetStatus.st_mode & 0o777 == referenceStatus.st_mode & 0o777)
        }
    }

    @Test func pathsSplitIntoDirectoryAndName() {
        #expect(AtomicFile.splitPath("a/b/y.npy")! == ("a/b", "y.npy"))
        #expect(AtomicFile.splitPath("y.npy")! == (".", "y.npy"))
        #expect(AtomicFile.splitPath("/y.npy")! == ("/", "y.npy"))
        #expect(AtomicFile.splitPath("./.hidden")! == (".", ".hidden"))
        for noFile in ["", "a/", "/", "a/..", ".", ".."] { #expect(AtomicFile.splitPath(noFile) == nil, "\(noFile)") }
    }
}

/// A call counter the @Sendable operation closures can share.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func next() -> Int { lock.withLock { defer { value += 1 }; return value } }
}
