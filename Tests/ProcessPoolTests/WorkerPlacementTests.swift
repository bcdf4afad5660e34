import Glibc
import Testing
import TestSupport
@testable import ProcessPool
import GemmCore
import SystemBoundary
import Platform

@Suite("Worker placement (--bind)")
struct WorkerPlacementTests {
    /// Two sockets of four CPUs: 0–3 on socket 0, 4–7 on socket 1.
    static func twoSockets(_ cpu: Int) -> Int { cpu < 4 ? 0 : 1 }

    @Test("cores: T CPUs of its own per worker, in order; past the CPU count the list wraps")
    func coresBinding() {
        let usable = Array(0..<8)
        #expect(WorkerPlacement.cpuSets(.cores, workers: 4, threads: 2, usable: usable, socketOf: Self.twoSockets)
                == [[0, 1], [2, 3], [4, 5], [6, 7]])
        #expect(WorkerPlacement.cpuSets(.cores, workers: 3, threads: 1, usable: [5, 2, 9], socketOf: { _ in 0 })
                == [[2], [5], [9]])
        // Oversubscribed: 3 workers × 1 thread on 2 CPUs share round-robin.
        #expect(WorkerPlacement.cpuSets(.cores, workers: 3, threads: 1, usable: [0, 1], socketOf: { _ in 0 })
                == [[0], [1], [0]])
        // More threads than CPUs: every worker gets all of them, never fewer than it can use.
        #expect(WorkerPlacement.cpuSets(.cores, workers: 1, threads: 4, usable: [0, 1], socketOf: { _ in 0 })
                == [[0, 1]])
    }

    @Test("sockets: each worker gets every CPU of one socket, workers dealt round-robin")
    func socketsBinding() {
        let usable = Array(0..<8)
        #expect(WorkerPlacement.cpuSets(.sockets, workers: 3, threads: 1, usable: usable, socketOf: Self.twoSockets)
                == [[0, 1, 2, 3], [4, 5, 6, 7], [0, 1, 2, 3]])
    }

    @Test("none pins nothing; the coordinator gets the CPUs no worker has, or stays unpinned")
    func noneAndCoordinator() {
        #expect(WorkerPlacement.cpuSets(.none, workers: 2, threads: 1, usable: [0, 1], socketOf: { _ in 0 }) == nil)
        #expect(WorkerPlacement.coordinatorCPUs(usable: [0, 1, 2], workerSets: [[0]]) == [1, 2])
        #expect(WorkerPlacement.coordinatorCPUs(usable: [0, 1], workerSets: [[0], [1]]) == nil)
    }

    @Test("the ready message carries the CPU list as kernel cpulist ranges; one too long says unknown")
    func readyMessage() {
        let message = WorkerProcess.ReadyMessage(core: "Haswell", cpus: [0, 1, 2, 3, 8, 10, 11])
        #expect(message.text == "Haswell cpus=0-3,8,10-11")
        #expect(WorkerProcess.ReadyMessage(parsing: message.text) == message)
        let scattered = WorkerProcess.ReadyMessage(core: "SkylakeX", cpus: Array(stride(from: 0, to: 256, by: 2)))
        #expect(scattered.text == "SkylakeX cpus=?")
        #expect(WorkerProcess.ReadyMessage(parsing: scattered.text) == WorkerProcess.ReadyMessage(core: "SkylakeX", cpus: []))
        #expect(WorkerProcess.ReadyMessage(parsing: "Haswell") == nil)
        #expect(WorkerProcess.ReadyMessage(parsing: "Haswell cpus=3-1") == nil)
        #expect(WorkerProcess.ReadyMessage(parsing: "Haswell cpus=a") == nil)
    }

    /// `Cpus_allowed_list` of every thread of `pid` (OpenBLAS's included).
    static func threadAffinities(_ pid: ProcessID) -> [[Int]] {
        let taskDirectory = "/proc/\(pid.rawValue)/task"
        guard let directory = opendir(taskDirectory) else { return [] }
        defer { closedir(directory) }
        var lists: [[Int]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard Int(name) != nil, let file = fopen("\(taskDirectory)/\(name)/status", "r") else { continue }
            defer { fclose(file) }
            var line = [CChar](repeating: 0, count: 4096)
            while fgets(&line, Int32(line.count), file) != nil {
                let text = String(cString: line)
                guard text.hasPrefix("Cpus_allowed_list:") else { continue }
                let list = text.dropFirst("Cpus_allowed_list:".count).filter { !$0.isWhitespace }
                lists.append(CPUTopology.parseCPUList(String(list)) ?? [])
            }
        }
        return lists
    }

    @Test("pinned workers read their own affinity back (sched_getaffinity) as planned; every thread is pinned; the coordinator's is restored")
    func affinityReadBack() throws {
        let executable = try #require(gemmbenchExecutable())
        let usable = try affinity()
        let sets = try #require(WorkerPlacement.cpuSets(.cores, workers: 2, threads: 2, usable: usable, socketOf: { _ in 0 }))
        let arena = try Arena(capacity: 64)
        let pool = try WorkerPool(count: 2, threads: 2, arena: arena, executable: executable, cpuSets: sets,
                                  coordinatorCPUs: [usable[0]])
        #expect(pool.workerCPUs == sets, "workers report \(pool.workerCPUs), planned \(sets)")
        for (index, pid) in pool.pids.enumerated() {
            let threads = Self.threadAffinities(pid)
            #expect(!threads.isEmpty && threads.allSatisfy { $0 == sets[index] },
                    "worker \(index) threads: \(threads), planned \(sets[index])")
        }
        #expect(try affinity() == [usable[0]], "the coordinator runs where it was put")
        pool.shutdown()
        #expect(try affinity() == usable, "the coordinator's CPUs are given back at shutdown")
    }

    @Test("unpinned workers may run anywhere this process may")
    func unpinned() throws {
        let executable = try #require(gemmbenchExecutable())
        let arena = try Arena(capacity: 64)
        let pool = try WorkerPool(count: 1, threads: 1, arena: arena, executable: executable)
        #expect(pool.workerCPUs == [try affinity()])
        pool.shutdown()
    }
}
