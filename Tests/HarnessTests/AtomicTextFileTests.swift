import Foundation
import Glibc
import Testing
@testable import SystemBoundary
@testable import Harness

/// The harness's atomic writes (env.json, raw.csv, tables): an exclusive,
/// unpredictable temporary, every fsync checked, nothing left behind on failure.
@Suite("Harness atomic writes")
final class AtomicTextFileTests: ScratchSpace {
    @Test("a symbolic link planted at the old predictable temporary name is neither followed nor replaced")
    func plantedSymlink() throws {
        let directory = makeDirectory()
        let target = directory + "/env.json", victim = directory + "/victim"
        try writeFile(victim, "precious")
        // Until now the temporary was "<path>.tmp-<pid>", opened with O_TRUNC.
        let predictable = "\(target).tmp-\(getpid())"
        #expect(symlink(victim, predictable) == 0)
        try writeFileAtomically(target, "{}\n")
        #expect(try readTextFile(victim) == "precious")
        #expect(try readTextFile(target) == "{}\n")
        #expect(try listing(directory) == ["env.json", "env.json.tmp-\(getpid())", "victim"])
    }

    @Test("a failed fsync is an error naming it; the old file stays and no temporary is left")
    func fsyncChecked() throws {
        let directory = makeDirectory()
        let target = directory + "/raw.csv"
        try writeFile(target, "old\n")
        var operations = FileOperations.live
        operations.fsync = { _ in .failure(Errno("fsync", code: EIO)) }
        do {
            try writeFileAtomically(target, "new\n", using: operations)
            Issue.record("a failed fsync was ignored")
        } catch {
            #expect(error.description.contains("fsync") && error.description.contains("Input/output error"), "\(error)")
        }
        #expect(try readTextFile(target) == "old\n")
        #expect(try listing(directory) == ["raw.csv"])
    }

    @Test("a failed directory fsync after the rename is reported, not ignored")
    func directoryFsyncChecked() throws {
        let directory = makeDirectory()
        let calls = Names()
        var operations = FileOperations.live
        operations.fsync = { descriptor in
            calls.add("fsync")
            // The file's fsync succeeds; the directory's (the second) fails.
            return calls.all.count == 2 ? .failure(Errno("fsync", code: EIO)) : FileOperations.live.fsync(descriptor)
        }
        do {
            try writeFileAtomically(directory + "/env.json", "{}\n", using: operations)
            Issue.record("a failed directory fsync was ignored")
        } catch {
            #expect(error.description.contains("directory could not be synced"), "\(error)")
        }
        #expect(calls.all.count == 2)
    }

    @Test("temporary names are unpredictable: two writes use different names")
    func unpredictableNames() throws {
        let directory = makeDirectory()
        let names = Names()
        var operations = FileOperations.live
        operations.createExclusive = { path, mode in
            names.add(path)
            return FileOperations.live.createExclusive(path, mode)
        }
        try writeFileAtomically(directory + "/a", "1", using: operations)
        try writeFileAtomically(directory + "/a", "2", using: operations)
        #expect(names.all.count == 2 && Set(names.all).count == 2, "\(names.all)")
        #expect(names.all.allSatisfy { $0.contains("/.a.tmp-\(getpid())-") })
    }

    func listing(_ directory: String) throws -> [String] {
        let result = try runChild("ls", ["-A", directory])
        return result.standardOutput.split(separator: "\n").map(String.init).sorted()
    }
}

final class Names: @unchecked Sendable {
    private(set) var all: [String] = []
    func add(_ name: String) { all.append(name) }
}

/// A child the harness runs is killed and reaped by the SIGINT/SIGTERM handler
/// with everything else, so it is registered exactly while it runs.
@Suite("Harness children and termination")
struct ChildRegistrationTests {
    @Test("runChild registers its child while it runs and forgets it once reaped")
    func registeredWhileRunning() throws {
        let seen = Names()
        let result = try runChild("sh", ["-c", "echo $$; sleep 1.3"], tick: {
            seen.add(TerminationCleanup.registeredChildren.map { String($0.rawValue) }.joined(separator: " "))
        })
        let pid = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!seen.all.isEmpty, "tick never ran")
        #expect(seen.all.allSatisfy { $0.split(separator: " ").contains(Substring(pid)) }, "\(seen.all) vs \(pid)")
        #expect(!TerminationCleanup.registeredChildren.contains(ProcessID(rawValue: Int32(pid)!)))
    }
}
