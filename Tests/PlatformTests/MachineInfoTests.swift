import Testing
@testable import Platform

/// `MachineInfo` parsing of /proc text recorded on the two machine classes.
@Suite("MachineInfo parsing")
struct MachineInfoTests {
    static let intelCPUInfo = """
    processor\t: 0
    vendor_id\t: GenuineIntel
    cpu family\t: 6
    model\t\t: 207
    model name\t: INTEL(R) XEON(R) PLATINUM 8581C CPU @ 2.10GHz
    stepping\t: 2
    flags\t\t: fpu vme de pse avx2 fma avx512f

    processor\t: 1
    vendor_id\t: GenuineIntel
    model name\t: INTEL(R) XEON(R) PLATINUM 8581C CPU @ 2.10GHz

    """

    static let amdCPUInfo = """
    processor\t: 0
    vendor_id\t: AuthenticAMD
    cpu family\t: 25
    model\t\t: 1
    model name\t: AMD EPYC 7B13
    """

    static let meminfo = """
    MemTotal:       24683656 kB
    MemFree:        23012345 kB
    MemAvailable:   24112233 kB
    Buffers:           12345 kB
    SwapTotal:             0 kB
    HugePages_Total:       0
    """

    @Test("the first model name line, without its label or padding")
    func cpuModel() {
        #expect(MachineInfo.cpuModelName(from: Self.intelCPUInfo) == "INTEL(R) XEON(R) PLATINUM 8581C CPU @ 2.10GHz")
        #expect(MachineInfo.cpuModelName(from: Self.amdCPUInfo) == "AMD EPYC 7B13")
    }

    @Test("no model name line gives nil")
    func cpuModelMissing() {
        #expect(MachineInfo.cpuModelName(from: "processor\t: 0\nvendor_id\t: ARM\n") == nil)
        #expect(MachineInfo.cpuModelName(from: "") == nil)
    }

    @Test("meminfo fields in bytes (kB × 1024)")
    func meminfoFields() {
        #expect(MachineInfo.meminfoBytes("MemTotal", in: Self.meminfo) == 24683656 * 1024)
        #expect(MachineInfo.meminfoBytes("MemAvailable", in: Self.meminfo) == 24112233 * 1024)
        #expect(MachineInfo.meminfoBytes("MemFree", in: Self.meminfo) == 23012345 * 1024)
        #expect(MachineInfo.meminfoBytes("SwapTotal", in: Self.meminfo) == 0)
    }

    @Test("a missing or prefix-only field name gives nil")
    func meminfoMissing() {
        #expect(MachineInfo.meminfoBytes("Cached", in: Self.meminfo) == nil)
        #expect(MachineInfo.meminfoBytes("Mem", in: Self.meminfo) == nil, "must not match MemTotal")
        #expect(MachineInfo.meminfoBytes("MemAvailable", in: "") == nil)
        #expect(MachineInfo.meminfoBytes("MemAvailable", in: "MemAvailable: lots kB\n") == nil)
    }

    @Test("this machine's facts are plausible")
    func current() {
        let info = MachineInfo.current()
        #expect(info.cores >= 1)
        #expect(info.memoryTotalBytes > 0)
        #expect(info.memoryAvailableBytes > 0 && info.memoryAvailableBytes <= info.memoryTotalBytes)
        #expect(MachineInfo.availableMemoryBytes() > 0)
        #expect(!info.cpuModel.isEmpty)
        #expect(MachineInfo.buildConfiguration == "debug" || MachineInfo.buildConfiguration == "release")
    }

    @Test("readTextFile reads a whole /proc file and nil for a missing one")
    func readText() {
        #expect(readTextFile("/proc/self/status")?.contains("Pid:") == true)
        #expect(readTextFile("/nonexistent/file") == nil)
    }
}
