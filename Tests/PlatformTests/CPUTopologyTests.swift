import Glibc
import Testing
@testable import Platform
import TestSupport

@Suite struct CPUTopologyTests {
    @Test(arguments: [("0-3,8,10-11\n", [0, 1, 2, 3, 8, 10, 11] as [Int]?), ("0", [0]), ("", []),
                      ("3-1", nil), ("a", nil), ("1-2-3", nil), ("-1", nil)])
    func cpuListsParse(text: String, expected: [Int]?) {
        #expect(CPUTopology.parseCPUList(text) == expected)
    }

    @Test func thisMachinesTopologyCoversEveryOnlineCPU() throws {
        let topology = try #require(CPUTopology.current(), "Linux describes its CPUs in sysfs")
        #expect(topology.cpus.count == Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #expect(topology.sockets >= 1 && topology.physicalCores >= topology.sockets)
        #expect(topology.physicalCores <= topology.cpus.count && topology.numaNodes >= 1)
    }

    /// A made-up two-socket machine with SMT, read from a sysfs-shaped folder.
    @Test func aTwoSocketSMTMachineFromAFakeSysfs() throws {
        let root = makeTemporaryDirectory(prefix: "topology-test")
        defer { removeTemporaryDirectory(root) }
        func write(_ path: String, _ text: String) {
            _ = system("mkdir -p \"$(dirname '\(root)/\(path)')\"")
            let file = fopen("\(root)/\(path)", "w")!
            fputs(text, file)
            fclose(file)
        }
        write("cpu/online", "0-7\n")
        write("node/online", "0-1\n")
        write("node/node0/cpulist", "0-1,4-5\n")
        write("node/node1/cpulist", "2-3,6-7\n")
        for cpu in 0..<8 {
            // cpu c and c + 4 are SMT siblings; cores 0–1 on socket 0, 2–3 on socket 1.
            write("cpu/cpu\(cpu)/topology/physical_package_id", "\((cpu % 4) / 2)\n")
            write("cpu/cpu\(cpu)/topology/core_id", "\(cpu % 2)\n")
        }
        let topology = try #require(CPUTopology.current(sysfs: root))
        #expect(topology.sockets == 2 && topology.physicalCores == 4 && topology.numaNodes == 2)
        #expect(topology.cpus.first { $0.id == 6 }?.node == 1)
        #expect(topology.summary == "2 sockets, 4 cores, 8 logical CPUs, 2 NUMA nodes")
    }
}
