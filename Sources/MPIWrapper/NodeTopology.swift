import CMPI

/// `--node-split`: what counts as one node.
public enum NodeSplit: Equatable, Sendable, CustomStringConvertible {
    /// Ranks that can share memory form one node (`MPI_Comm_split_type` SHARED).
    case auto
    /// Every rank is its own node, so the across-node path (SUMMA's broadcasts)
    /// runs even on one machine.
    case rank
    /// Consecutive groups of this many ranks of one machine form a node (the
    /// last may be smaller): several multi-rank nodes on one machine, so the
    /// cluster path — leaders broadcasting into a shared window that all the
    /// node's ranks compute from — can be run and tested here.
    case groups(Int)

    /// `auto`, `rank` or a whole number ≥ 1; nil otherwise.
    public init?(argument: String) {
        switch argument {
        case "auto": self = .auto
        case "rank": self = .rank
        default:
            guard let size = Int(argument), size >= 1 else { return nil }
            self = .groups(size)
        }
    }

    public var description: String {
        switch self {
        case .auto: return "auto"
        case .rank: return "rank"
        case .groups(let size): return String(size)
        }
    }
}

/// The ranks grouped into nodes: this rank's node, and the node leaders (each
/// node's rank 0), which are the only ranks that talk across nodes.
public struct NodeTopology: Sendable {
    public let world: Communicator
    /// The ranks of this node; they share one `SharedWindow`.
    public let node: Communicator
    /// Every node's rank 0, ordered by world rank; nil on the other ranks.
    public let leaders: Communicator?
    /// This node's number, 0 ..< nodeCount (its leader's rank among the leaders).
    public let nodeIndex: Int
    public let nodeCount: Int
    /// False for a sub-grid's topology, which borrows its parent's `node`.
    let ownsNode: Bool

    public var isLeader: Bool { node.rank == 0 }

    /// Collective on `world`.
    public init(world: Communicator, split: NodeSplit) throws(MPIError) {
        self.world = world
        switch split {
        case .auto: node = try world.splitByNode()
        case .rank:
            guard let own = try world.split(color: world.rank, key: 0) else {
                throw MPIError(call: "MPI_Comm_split", code: MPI_ERR_COMM)
            }
            node = own
        case .groups(let size):
            let machine = try world.splitByNode()
            defer { try? machine.free() }
            guard let group = try machine.split(color: machine.rank / size, key: machine.rank) else {
                throw MPIError(call: "MPI_Comm_split", code: MPI_ERR_COMM)
            }
            node = group
        }
        leaders = try world.split(color: node.rank == 0 ? 0 : nil, key: world.rank)
        nodeIndex = try node.broadcast(leaders?.rank ?? 0, root: 0)
        nodeCount = try node.broadcast(leaders?.size ?? 0, root: 0)
        ownsNode = true
    }

    /// The nodes `nodes` of `parent` as a topology of their own, on `world`:
    /// the communicator of exactly their ranks (an `MPI_Comm_split` of the
    /// parent's world). The nodes stay whole; their leaders get a communicator
    /// of their own. Collective on `world`.
    public init(nodes: Range<Int>, of parent: NodeTopology, world: Communicator) throws(MPIError) {
        precondition(nodes.contains(parent.nodeIndex), "node \(parent.nodeIndex) is not among \(nodes)")
        self.world = world
        node = parent.node
        leaders = try world.split(color: parent.isLeader ? 0 : nil, key: world.rank)
        nodeIndex = parent.nodeIndex - nodes.lowerBound
        nodeCount = nodes.count
        ownsNode = false
    }

    /// Frees the communicators this created (collective on `world`).
    public func free() throws(MPIError) {
        try leaders?.free()
        if ownsNode { try node.free() }
    }
}
