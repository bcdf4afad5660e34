import Testing
@testable import ProcessPool
import GemmCore

@Suite("RegionAllocator")
struct RegionAllocatorTests {
    /// `allocate` that must succeed.
    func take(_ allocator: inout RegionAllocator, _ bytes: Int,
              sourceLocation: SourceLocation = #_sourceLocation) throws -> ArenaRegion {
        let region = allocator.allocate(bytes: bytes)
        return try #require(region, "allocating \(bytes) bytes failed", sourceLocation: sourceLocation)
    }

    @Test("sizes round up to 64 bytes and offsets are 64-byte aligned")
    func alignment() throws {
        #expect(RegionAllocator.aligned(0) == 64)
        #expect(RegionAllocator.aligned(1) == 64)
        #expect(RegionAllocator.aligned(64) == 64)
        #expect(RegionAllocator.aligned(65) == 128)
        var allocator = RegionAllocator(capacity: 4096)
        let first = try take(&allocator, 8)
        let second = try take(&allocator, 100)
        let third = try take(&allocator, 0)
        #expect(first == ArenaRegion(offset: 0, bytes: 64))
        #expect(second == ArenaRegion(offset: 64, bytes: 128))
        #expect(third == ArenaRegion(offset: 192, bytes: 64))
    }

    @Test("first fit: a released hole is reused lowest address first")
    func firstFitReuse() throws {
        var allocator = RegionAllocator(capacity: 1024)
        let a = try take(&allocator, 64)
        let b = try take(&allocator, 192)
        let c = try take(&allocator, 64)
        allocator.release(b)
        // A request larger than the hole goes past c; a smaller one goes into the hole.
        let big = try take(&allocator, 256)
        #expect(big.offset == c.end)
        let small = try take(&allocator, 64)
        #expect(small.offset == b.offset)
        let rest = try take(&allocator, 128)
        #expect(rest.offset == b.offset + 64)
        _ = a
    }

    @Test("released neighbours merge, in any release order")
    func merging() throws {
        for order in [[0, 1, 2], [2, 1, 0], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1]] {
            var allocator = RegionAllocator(capacity: 192)
            var regions: [ArenaRegion] = []
            for _ in 0..<3 { regions.append(try take(&allocator, 64)) }
            #expect(allocator.allocate(bytes: 1) == nil)
            for index in order { allocator.release(regions[index]) }
            #expect(allocator.liveBytes == 0)
            #expect(allocator.allocate(bytes: 192) == ArenaRegion(offset: 0, bytes: 192),
                    "release order \(order) left the free space fragmented")
        }
    }

    @Test("live, peak and high-water bytes")
    func accounting() throws {
        var allocator = RegionAllocator(capacity: 1 << 20)
        let a = try take(&allocator, 100)   // 128
        let b = try take(&allocator, 64)    // 64
        #expect(allocator.liveBytes == 192 && allocator.peakLiveBytes == 192 && allocator.highWaterBytes == 192)
        allocator.release(a)
        #expect(allocator.liveBytes == 64 && allocator.peakLiveBytes == 192 && allocator.highWaterBytes == 192)
        let c = try take(&allocator, 64)
        #expect(c.offset == 0, "reuses the hole")
        #expect(allocator.liveBytes == 128 && allocator.peakLiveBytes == 192 && allocator.highWaterBytes == 192)
        let d = try take(&allocator, 256)
        #expect(d.offset == 192 && allocator.highWaterBytes == 448 && allocator.peakLiveBytes == 384)
        allocator.release(b); allocator.release(c); allocator.release(d)
        #expect(allocator.liveBytes == 0 && allocator.peakLiveBytes == 384 && allocator.highWaterBytes == 448)
    }

    @Test("nil when nothing fits, including a zero capacity")
    func full() throws {
        var allocator = RegionAllocator(capacity: 256)
        #expect(allocator.allocate(bytes: 257) == nil)
        let all = try take(&allocator, 256)
        #expect(allocator.allocate(bytes: 1) == nil)
        allocator.release(all)
        #expect(allocator.allocate(bytes: 256) != nil)
        var empty = RegionAllocator(capacity: 0)
        #expect(empty.allocate(bytes: 1) == nil)
    }

    /// Random allocate/release sequences: live regions never overlap, stay
    /// aligned and inside the capacity, the counters agree with the live set,
    /// and releasing everything merges back into one extent.
    @Test("random allocate/release never overlaps", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomizedProperty(seed: UInt64) throws {
        let capacity = 64 * 512
        var allocator = RegionAllocator(capacity: capacity)
        var live: [ArenaRegion] = []
        var generator = SeededRandom(seed: seed)
        var highestEnd = 0, peak = 0
        for step in 0..<2000 {
            if !live.isEmpty && generator.next() % 5 < 2 {
                let index = Int(generator.next() % UInt64(live.count))
                allocator.release(live.remove(at: index))
            } else {
                let request = Int(generator.next() % 2000)
                let size = RegionAllocator.aligned(request)
                // First fit: the lowest gap between live regions that is large enough.
                let expected = freeGaps(live, capacity: capacity).first { $0.bytes >= size }?.offset
                let region = allocator.allocate(bytes: request)
                #expect(region?.offset == expected, "first fit for \(size) bytes at step \(step)")
                guard let region else { continue }
                #expect(region.offset % 64 == 0 && region.bytes == size)
                #expect(region.offset >= 0 && region.end <= capacity)
                live.append(region)
                highestEnd = max(highestEnd, region.end)
            }
            let sorted = live.sorted { $0.offset < $1.offset }
            for (left, right) in zip(sorted, sorted.dropFirst()) where left.end > right.offset {
                Issue.record("regions \(left) and \(right) overlap at step \(step)")
            }
            let liveBytes = live.reduce(0) { $0 + $1.bytes }
            peak = max(peak, liveBytes)
            #expect(allocator.liveBytes == liveBytes)
            #expect(allocator.peakLiveBytes == peak)
            #expect(allocator.highWaterBytes == highestEnd)
        }
        for region in live { allocator.release(region) }
        #expect(allocator.allocate(bytes: capacity) == ArenaRegion(offset: 0, bytes: capacity))
    }

    /// The complement of `live` in 0..<capacity, lowest offset first.
    func freeGaps(_ live: [ArenaRegion], capacity: Int) -> [ArenaRegion] {
        var gaps: [ArenaRegion] = []
        var cursor = 0
        for region in live.sorted(by: { $0.offset < $1.offset }) {
            if region.offset > cursor { gaps.append(ArenaRegion(offset: cursor, bytes: region.offset - cursor)) }
            cursor = max(cursor, region.end)
        }
        if cursor < capacity { gaps.append(ArenaRegion(offset: cursor, bytes: capacity - cursor)) }
        return gaps
    }

    @Test("releasing a region twice is refused (precondition)")
    func doubleFree() async {
        await #expect(processExitsWith: .failure) {
            var allocator = RegionAllocator(capacity: 1024)
            let region = allocator.allocate(bytes: 64)!
            _ = allocator.allocate(bytes: 64)
            allocator.release(region)
            allocator.release(region)
        }
    }
}
