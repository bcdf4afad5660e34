import GemmCore

/// Refusing a problem a node has no memory for, on every rank alike.
enum MemoryCheck {
    /// Each node's leader compares `nodeBytes` (what its node will allocate)
    /// with MemAvailable; one reduction tells every rank whether any node is
    /// short, so all throw the same usage error (exit 2) or none does.
    static func require(nodeBytes: Int, topology: NodeTopology) throws {
        let available = MachineInfo.availableMemoryBytes()
        let short = topology.isLeader && nodeBytes > available ? Double(nodeBytes) : 0
        let worst = try topology.world.allReduce(short, .max)
        guard worst == 0 else {
            throw MPIUsageError("problem needs \(Int(worst)) bytes of matrices on one node, more than it has available")
        }
    }
}
