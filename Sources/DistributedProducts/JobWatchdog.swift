import NumberFormatting
import SystemBoundary
import Vocabulary
import MPIWrapper

/// Every rank's `Watchdog`: a stopped or hung rank ends the job instead of
/// hanging it, and a rank whose launcher died does not run on.
///
/// **Stalls.** SUMMA and PDGEMM runs arm it with their `ProgressDeadline`
/// (`--task-timeout`); the code then calls `beat` at every step (`Step`). A
/// rank that goes longer without one — it waits in a collective for a peer
/// that stopped, or is inside a ScaLAPACK call that never returns, where no
/// check in our own code could run — prints one line naming itself and the
/// step, removes its registered temporary files and calls `MPI_Abort` with 3:
/// mpirun then ends every rank (a stopped one included: it sends SIGCONT
/// before SIGTERM) and exits 3. Rank r > 0 waits `staggerSeconds`·min(r, 8)
/// longer, so that when every live rank waits for one stopped peer, rank 0
/// speaks and its abort ends the others before they would.
///
/// **Orphans.** When the rank's parent (mpirun, orted) dies — SIGKILLed, so
/// it could not end its ranks or remove their files — the rank removes the
/// job's Open MPI segments from /dev/shm and its session directory
/// (`OpenMPILeftovers`), which only mpirun would have removed, and exits 3. Open MPI's own progress thread
/// `_exit`s a rank about 1 s after it loses mpirun (measured here, Open MPI
/// 4.1.4) without removing them; the watchdog's tick is far shorter. The
/// parent-death signal is SIGCONT: it resumes a rank someone stopped, whose
/// watchdog then sees the parent gone, and does nothing to a running one.
public enum JobWatchdog {
    /// What a rank is doing, named in the stall line.
    public enum Step: UInt32, Sendable {
        case settingUp = 1, readingInputs, summaProduct, pdgemmProduct, movingResult, verifying, writingOutput, finishing

        var phrase: String {
            switch self {
            case .settingUp: return "while setting up the run"
            case .readingInputs: return "while reading --inputs"
            case .summaProduct: return "in the SUMMA product"
            case .pdgemmProduct: return "in the PDGEMM product (ScaLAPACK)"
            case .movingResult: return "while moving a result between sub-grids"
            case .verifying: return "in the verification"
            case .writingOutput: return "while writing --output"
            case .finishing: return "in MPI_Finalize"
            }
        }
    }

    /// How often the thread looks: a stall is seen at most this late, a dead
    /// parent well before Open MPI's own exit about 1 s after it.
    static let tickSeconds = 0.05
    /// Extra wait per rank number (capped at 8 ranks), see above.
    static let staggerSeconds = 1.0

    static let watchdog = Watchdog()
    /// 1 while the armed deadline is the default for the problem, 0 when `--task-timeout` gave it.
    nonisolated(unsafe) private static let deadlineIsDefault: SharedWord = {
        let word = UnsafeMutableRawPointer.allocate(byteCount: 4, alignment: 4)
        word.storeBytes(of: 0, as: UInt32.self)
        return SharedWord(word)
    }()
    /// This rank's extra wait; set by `start`, read by `arm`, both on the main thread.
    nonisolated(unsafe) private static var stagger = 0.0

    /// Starts the thread on this rank (once, right after `MPI_Init`); unarmed
    /// it only watches the parent. The corresponding C calls are `prctl(PR_SET_PDEATHSIG)` and `pthread_create`.
    public static func start(rank: Int) throws(Errno) {
        let stagger = staggerSeconds * Double(min(rank, 8))
        self.stagger = stagger
        setParentDeathSignal(.resume)
        try watchdog.start(tick: tickSeconds, onStall: { step, limit, seconds in
            endJob(stallLine(rank: rank, step: Step(rawValue: step), seconds: seconds, limit: limit - stagger,
                             isDefault: deadlineIsDefault.load() == 1))
        }, onOrphaned: { launcher in
            endOrphan(rank: rank, launcher: launcher)
        })
    }

    /// From now on, no beat for `seconds` ends the job. `isDefault`: the limit
    /// is the default for the problem, not `--task-timeout`'s (the stall line says which).
    public static func arm(seconds: Double, isDefault: Bool, step: Step) {
        deadlineIsDefault.store(isDefault ? 1 : 0)
        watchdog.arm(seconds: seconds + stagger, step: step.rawValue)
    }

    /// Progress: the rank is now in `step`. One store and one atomic add.
    public static func beat(_ step: Step) { watchdog.beat(step.rawValue) }

    public static func disarm() { watchdog.disarm() }

    /// "rank 0: no progress in the SUMMA product for 2.1 s (--task-timeout 2 s); ending the job".
    static func stallLine(rank: Int, step: Step?, seconds: Double, limit: Double, isDefault: Bool) -> String {
        let limitText = isDefault ? "--task-timeout: \(secondsText(limit)) by default for this problem"
                                  : "--task-timeout \(secondsText(limit))"
        return "rank \(rank): no progress \(step?.phrase ?? "in this run") for \(formatFixed(seconds, decimals: 1)) s"
            + " (\(limitText)); ending the job"
    }

    /// The stall handler: one line, our temporaries removed, every rank ended with 3.
    private static func endJob(_ line: String) -> Never {
        printMPIError(line)
        TerminationCleanup.removeRegisteredFiles()
        MPIRuntime.abort(status: .runFailed)
    }

    /// The orphan handler: what Open MPI and we leave removed, then this rank
    /// ends (nobody is left to collect its status, or to read the line, unless
    /// stderr is a file).
    private static func endOrphan(rank: Int, launcher: ProcessID) -> Never {
        let removed = OpenMPILeftovers.remove(launcher: launcher)
        TerminationCleanup.removeRegisteredFiles()
        printMPIError("rank \(rank): its launcher (mpirun or orted, \(launcher)) is gone; ending this rank"
                      + (removed.isEmpty ? "" : ", removed \(removed.sorted().joined(separator: ", "))"))
        exitImmediately(.runFailed)
    }
}

/// "2 s", "68.3 s": whole seconds without ".0", others to 0.1 s.
func secondsText(_ seconds: Double) -> String {
    seconds == seconds.rounded() && abs(seconds) < 1e15 ? "\(Int(seconds)) s" : "\(formatFixed(seconds, decimals: 1)) s"
}
