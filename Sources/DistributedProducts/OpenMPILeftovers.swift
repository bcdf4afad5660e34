import SystemBoundary

/// What Open MPI leaves on a machine when mpirun (or orted) is SIGKILLed: it
/// removes these at the job's end, so nobody does once it is gone. A rank
/// that outlives it removes them (`JobWatchdog`).
///
/// - **Shared-memory segments.** Open MPI 4.1's vader BTL (shared memory
///   between ranks of one machine) backs each local rank's segment with a file
///   `<backing dir>/vader_segment.<node>.<uid>.<jobid>.<local rank>` (backing
///   dir /dev/shm unless `btl_vader_backing_directory` says otherwise); Open
///   MPI 5's `btl/sm` names them `sm_segment.…`. A rank maps its own segment
///   and those of the ranks it has talked to, so its mappings name the job
///   (the name up to its last ".") and the directory; every local rank's file
///   of that job shares that prefix, so any surviving rank removes them all,
///   those of ranks already dead included.
/// - **The session directory** `/tmp/ompi.<node>.<uid>/pid.<launcher pid>`
///   (`OMPI_MCA_orte_jobfam_session_dir`): PMIx's shared-memory data store,
///   the topology, contact files. Removed only when its name carries the pid
///   of the parent that died, so an unexpected environment removes nothing.
///
/// The MPI-3 windows' `osc_sm` files are unlinked as soon as every rank has
/// mapped them, and gemmbench's own shared memory has no name at all.
enum OpenMPILeftovers {
    /// File-name prefixes of Open MPI's shared-memory BTL segments.
    static let segmentPrefixes = ["vader_segment.", "sm_segment."]

    /// For each of `mapped` (absolute paths) that is such a segment: its
    /// directory and the job's prefix (the file name up to and including its last ".").
    static func jobPrefixes(mapped: [String]) -> Set<JobPrefix> {
        var found = Set<JobPrefix>()
        for path in mapped {
            guard let slash = path.lastIndex(of: "/") else { continue }
            let name = path[path.index(after: slash)...]
            guard segmentPrefixes.contains(where: { name.hasPrefix($0) }), let dot = name.lastIndex(of: "."),
                  !segmentPrefixes.contains(String(name[...dot])) else { continue }
            found.insert(JobPrefix(directory: String(path[..<slash]), name: String(name[...dot])))
        }
        return found
    }

    struct JobPrefix: Hashable {
        let directory: String
        let name: String
    }

    /// The session directory to remove once `launcher` has died: `path`
    /// (`OMPI_MCA_orte_jobfam_session_dir`), when it is absolute and its last
    /// component is `pid.<launcher>`.
    static func sessionDirectory(_ path: String?, launcher: ProcessID) -> String? {
        guard let path, path.hasPrefix("/"), !path.split(separator: "/").contains(".."),
              path.split(separator: "/").last == "pid.\(launcher.rawValue)" else { return nil }
        return path
    }

    /// Removes this job's segments (found through this process's mappings)
    /// and the session directory of `launcher`; returns the paths removed.
    static func remove(launcher: ProcessID) -> [String] {
        var removed: [String] = []
        for job in jobPrefixes(mapped: mappedFiles()) {
            for name in directoryEntries(job.directory) where name.hasPrefix(job.name) {
                let path = job.directory + "/" + name
                if case .success = removeFile(path) { removed.append(path) }
            }
        }
        if let session = sessionDirectory(ProcessEnvironment()["OMPI_MCA_orte_jobfam_session_dir"], launcher: launcher),
           case .success = removeTree(session) {
            removed.append(session)
        }
        return removed
    }
}
