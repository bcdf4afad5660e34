import SystemBoundary
import Testing
@testable import DistributedProducts

/// The watchdog's pieces that need no mpirun: the stall line, and which of
/// Open MPI's files an orphaned rank removes.
@Suite("job watchdog")
struct JobWatchdogTests {
    @Test("the stall line names the rank, the step, the time and where the limit came from")
    func stallLine() {
        #expect(JobWatchdog.stallLine(rank: 0, step: .summaProduct, seconds: 2.04, limit: 2, isDefault: false)
                == "rank 0: no progress in the SUMMA product for 2.0 s (--task-timeout 2 s); ending the job")
        #expect(JobWatchdog.stallLine(rank: 3, step: .pdgemmProduct, seconds: 68.34, limit: 68.32, isDefault: true)
                == "rank 3: no progress in the PDGEMM product (ScaLAPACK) for 68.3 s (--task-timeout: 68.3 s by default for this problem); ending the job")
    }

    @Test("an orphaned rank removes its job's vader segments (any local rank's), nothing else")
    func jobPrefixes() {
        let mapped = [
            "/usr/lib/x86_64-linux-gnu/libmpi.so.40",
            "/dev/shm/vader_segment.vm.0.b410001.1",
            "/dev/shm/vader_segment.vm.0.b410001.0",
            "/tmp/ompi.vm.0/pid.26559/hwloc.sm",
            "/dev/shm/vader_segment.",
            "/scratch/sm_segment.node-7.1000.4a0001.3",
        ]
        #expect(OpenMPILeftovers.jobPrefixes(mapped: mapped) == [
            .init(directory: "/dev/shm", name: "vader_segment.vm.0.b410001."),
            .init(directory: "/scratch", name: "sm_segment.node-7.1000.4a0001."),
        ])
    }

    @Test("an orphaned rank removes the session directory only when it is named for the launcher that died")
    func sessionDirectory() {
        let launcher = ProcessID(rawValue: 6532)
        #expect(OpenMPILeftovers.sessionDirectory("/tmp/ompi.vm.0/pid.6532", launcher: launcher) == "/tmp/ompi.vm.0/pid.6532")
        #expect(OpenMPILeftovers.sessionDirectory("/tmp/ompi.vm.0/pid.6533", launcher: launcher) == nil, "another launcher's")
        #expect(OpenMPILeftovers.sessionDirectory("/tmp/ompi.vm.0", launcher: launcher) == nil, "every job's")
        #expect(OpenMPILeftovers.sessionDirectory("pid.6532", launcher: launcher) == nil, "relative")
        #expect(OpenMPILeftovers.sessionDirectory("/tmp/../pid.6532", launcher: launcher) == nil, "..")
        #expect(OpenMPILeftovers.sessionDirectory(nil, launcher: launcher) == nil)
    }
}
