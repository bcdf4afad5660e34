import Glibc
import Testing
@testable import ProcessPool
import GemmCore
import TestSupport

@Suite("Arena")
struct ArenaTests {
    /// Entries of /dev/shm, without POSIX semaphores ("sem.*") that other
    /// programs on the machine may create while the tests run.
    static func sharedMemoryEntries() -> Set<String> { TestSupport.sharedMemoryEntries(ignoring: ["sem."]) }

    @Test("create, write through a view, read back")
    func createAndWrite() throws {
        let arena = try Arena(capacity: 4096)
        #expect(arena.capacity == 4096)
        #expect(try #require(arena.descriptor).size() == 4096)
        #expect(Int(bitPattern: arena.base) % 4096 == 0, "a mapping starts on a page")
        let view = arena.view(offset: 128, rows: 4, cols: 3, leadingDimension: 5)
        for i in 0..<4 { for j in 0..<3 { view[i, j] = Double(10 * i + j) } }
        let raw = arena.base.advanced(by: 128).assumingMemoryBound(to: Double.self)
        #expect(raw[2 * 5 + 1] == 21 && raw[3 * 5 + 2] == 32)
    }

    @Test("a second mapping of the same descriptor sees the same memory, both ways")
    func sharedWithSecondMapping() throws {
        let arena = try Arena(capacity: 1 << 16)
        let attached = try Arena(attaching: #require(arena.descriptor))
        #expect(attached.capacity == arena.capacity)
        #expect(attached.base != arena.base, "a distinct mapping, not the same pointer")
        let writer = arena.view(offset: 4096, rows: 8, cols: 8, leadingDimension: 8)
        var generator = SeededRandom(seed: 9)
        generator.fill(writer)
        let reader = attached.view(offset: 4096, rows: 8, cols: 8, leadingDimension: 8)
        for i in 0..<8 { for j in 0..<8 { #expect(reader[i, j] == writer[i, j]) } }
        reader[7, 7] = -42
        #expect(writer[7, 7] == -42)
    }

    @Test("the original descriptor stays usable after an attached mapping goes away")
    func attachedDoesNotCloseDescriptor() throws {
        let arena = try Arena(capacity: 8192)
        do {
            let attached = try Arena(attaching: #require(arena.descriptor))
            attached.view(offset: 0, rows: 1, cols: 1, leadingDimension: 1)[0, 0] = 5
        }
        #expect(try #require(arena.descriptor).size() == 8192)
        #expect(arena.view(offset: 0, rows: 1, cols: 1, leadingDimension: 1)[0, 0] == 5)
    }

    @Test("a tiny request is rounded up to one aligned region")
    func minimumCapacity() throws {
        #expect(try Arena(capacity: 0).capacity == RegionAllocator.alignment)
        #expect(try Arena(capacity: 1).capacity == RegionAllocator.alignment)
    }

    @Test("a region maps to a dense view with ld = cols")
    func regionView() throws {
        let arena = try Arena(capacity: 4096)
        var allocator = RegionAllocator(capacity: arena.capacity)
        _ = allocator.allocate(bytes: 64)
        let allocated = allocator.allocate(bytes: 8 * 6)
        let region = try #require(allocated)
        let view = arena.view(region, rows: 2, cols: 3)
        #expect(view.leadingDimension == 3)
        #expect(UnsafeMutableRawPointer(view.base) == arena.base + region.offset)
    }

    @Test("a capacity above available memory is refused, naming both numbers")
    func tooLarge() {
        do {
            _ = try Arena(capacity: 10 << 20, availableMemory: 1_000_000)
            Issue.record("a 10 MiB arena was created with 1 MB available")
        } catch let error as Arena.TooLarge {
            #expect(error.requested == 10 << 20 && error.available == 1_000_000)
            #expect(error.description.contains("10485760") && error.description.contains("1000000"))
            #expect(!error.description.contains("\n"))
        } catch {
            Issue.record("wrong error \(error)")
        }
        #expect(throws: Never.self) { _ = try Arena(capacity: 4096, availableMemory: 4096) }
    }

    @Test("nothing appears in /dev/shm and the descriptor is an anonymous memfd")
    func noNamedSharedMemory() throws {
        let before = Self.sharedMemoryEntries()
        let arena = try Arena(capacity: 1 << 20)
        let during = Self.sharedMemoryEntries()
        let descriptor = try #require(arena.descriptor)
        var target = [CChar](repeating: 0, count: 256)
        let length = readlink("/proc/self/fd/\(descriptor.rawValue)", &target, target.count - 1)
        let link = length > 0 ? String(decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        #expect(link.hasPrefix("/memfd:"), "arena descriptor points at \(link)")
        #expect(during.subtracting(before).isEmpty, "new /dev/shm entries: \(during.subtracting(before))")
        #expect((fcntl(descriptor.rawValue, F_GETFD) & FD_CLOEXEC) != 0,
                "the arena must reach workers only through the explicit dup2")
    }

    /// Memory another owner keeps (gemmbench-mpi's shared window) as an arena.
    final class Owner {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: RegionAllocator.alignment)
        deinit { memory.deallocate() }
    }

    @Test("a borrowed arena addresses the owner's bytes by offset and has no descriptor")
    func borrowed() throws {
        let owner = Owner()
        let arena = Arena(borrowing: owner.memory, capacity: 4096, owner: owner)
        #expect(arena.capacity == 4096 && arena.base == owner.memory && arena.descriptor == nil)
        arena.view(offset: 128, rows: 2, cols: 2, leadingDimension: 3)[1, 1] = 7
        #expect(owner.memory.advanced(by: 128).assumingMemoryBound(to: Double.self)[4] == 7)
    }

    @Test("a worker pool refuses a borrowed arena (workers attach a memfd) before starting anyone")
    func poolRefusesBorrowed() throws {
        let owner = Owner()
        let arena = Arena(borrowing: owner.memory, capacity: 4096, owner: owner)
        #expect {
            _ = try WorkerPool(count: 1, threads: 1, arena: arena, executable: "/nonexistent")
        } throws: { error in
            "\(error)".contains("no worker process can attach")
        }
    }

    @Test("gibibytes formats MiB below 0.1 GiB and GiB above")
    func sizeText() {
        #expect(gibibytes(1 << 30) == "1.0 GiB")
        #expect(gibibytes(3 << 29) == "1.5 GiB")
        #expect(gibibytes(1 << 20) == "1.0 MiB")
    }
}
