import GemmCore
import Platform
import MPIWrapper

/// Refusing a problem a machine has no memory for, on every rank alike.
public enum MemoryCheck {
    /// Each rank names the bytes it will allocate (a node leader: its node's
    /// windows; a PDGEMM rank: its local arrays). They are summed per machine —
    /// the ranks that share memory, however `--node-split` groups them — and
    /// each machine's first rank compares the sum with MemAvailable. One
    /// reduction then tells every rank whether any machine is short, so all
    /// throw the same usage error (exit 2) or none does. Collective on `world`.
    public static func require(bytesOnThisRank bytes: Int, world: Communicator) throws {
        let machine = try world.splitByNode()
        let machineBytes = try machine.allReduceSum(bytes)
        let short = machine.rank == 0 && machineBytes > MachineInfo.availableMemoryBytes() ? Double(machineBytes) : 0
        try machine.free()
        let worst = try world.allReduce(short, .max)
        guard worst == 0 else {
            throw MPIUsageError("problem needs \(Int(worst)) bytes of matrices on one machine, more than it has available")
        }
    }
}
