import Foundation
import Glibc
import Testing

extension MPIRunTests {
    /// A rank that neither answers nor dies (SIGSTOP) and an mpirun that is
    /// SIGKILLed: the job still ends, by its deadline, with nothing left behind
    /// (`JobWatchdog`). Without the watchdog the first hangs until the test's own
    /// timeout and the second leaves Open MPI's segments in /dev/shm.
    ///
    /// Inside `MPIRunTests`, so serialized with every other mpirun of the tests:
    /// each run starts 2 ranks on a 2-core machine, the timings matter, and two
    /// mpiruns starting at once can race creating Open MPI's session directory.
    @Suite("a stopped rank or a killed mpirun ends the job")
    struct StoppedRankTests {
        static let deadline = 2.0
        /// Between the stop and mpirun's exit beyond the deadline: the watchdog's
        /// tick, rank 0's abort and mpirun ending the ranks, on a loaded machine.
        static let margin = 4.0

        @Test("a rank stopped mid-run ends the job with exit 3 within --task-timeout plus a margin: one line, no rank left, nothing new in /dev/shm",
              arguments: [
                  // SUMMA in one shared window: rank 0 waits at the node's synchronisation.
                  ["gemm", "--size", "300", "--repeat", "20"],
                  // SUMMA over TCP, one node per rank: rank 0 waits for a panel broadcast.
                  ["gemm", "--size", "300", "--repeat", "20", "--node-split", "rank"],
                  // PDGEMM: rank 0 waits inside ScaLAPACK, which only a thread can interrupt.
                  ["gemm", "--size", "300", "--repeat", "20", "--algorithm", "pdgemm"],
                  // A SUMMA chain, the products one after another.
                  ["chain", "--dims", "200,150,250,100", "--repeat", "20"],
                  // A SUMMA chain on sub-grids: rank 0 waits in a move between them.
                  ["chain", "--dims", "200,150,250,100,120", "--repeat", "20", "--planner", "parallel", "--node-split", "rank"],
              ])
        func stoppedRank(arguments: [String]) async throws {
            let shmBefore = sharedMemoryEntries()
            let run = try MPIRun(ranks: 2, arguments + ["--task-timeout", "2"], environment: ["GEMMBENCH_FAULT": "stop-rank"],
                                 timeout: 40, watchStops: true)
            let outcome = await run.wait()
            let survivors = MPIRun.killSurvivors(outcome.ranks)
            #expect(survivors.isEmpty, "ranks left running (now killed): \(survivors)")
            #expect(!outcome.timedOut, "mpirun had to be stopped: the stopped rank hung the job: \(outcome.stderr)")
            #expect(outcome.exitStatus == 3, "\(outcome.stderr)")
            let lines = ownLines(outcome.stderr)
            #expect(lines.count == 1 && lines[0].contains("rank 0: no progress")
                    && lines[0].contains("(--task-timeout 2 s); ending the job"), "\(outcome.stderr)")
            #expect(!outcome.stdout.contains("PASS"), "no result from a broken job")
            let stoppedAt = try #require(outcome.firstStopAt, "the last rank never stopped: \(outcome.stderr)")
            let took = outcome.endedAt - stoppedAt
            #expect(took >= Self.deadline - 0.1 && took < Self.deadline + Self.margin,
                    "the job ended \(took) s after the stop, deadline \(Self.deadline) s")
            let left = sharedMemoryEntries().subtracting(shmBefore).filter { !$0.hasPrefix("gemmbench-") }
            #expect(left.isEmpty, "left in /dev/shm: \(left)")
        }

        @Test("mpirun SIGKILLed while a rank is stopped: every rank ends; the job's vader segments leave /dev/shm, its session directory /tmp")
        func killedLauncher() async throws {
            let shmBefore = sharedMemoryEntries()
            // Shared memory between the ranks (vader), whose segments only mpirun would remove;
            // a deadline far away, so that only mpirun's death can end the ranks.
            let run = try MPIRun(ranks: 2, ["gemm", "--size", "300", "--repeat", "10000", "--task-timeout", "60"],
                                 environment: ["GEMMBENCH_FAULT": "stop-rank"],
                                 launcherOptions: ["--oversubscribe", "--mca", "pml", "ob1", "--mca", "btl", "self,vader"],
                                 timeout: 40, watchStops: true)
            var ranks = Set<pid_t>()
            let deadline = MPIRun.now() + 30
            while MPIRun.now() < deadline {
                let progress = run.progress
                ranks = progress.ranks
                if progress.firstStopAt != nil { break }
                usleep(10_000)
            }
            let segments = sharedMemoryEntries().subtracting(shmBefore).filter { $0.hasPrefix("vader_segment.") }
            kill(run.pid, SIGKILL)
            let outcome = await run.wait()
            ranks.formUnion(outcome.ranks)
            #expect(outcome.firstStopAt != nil, "the last rank never stopped: \(outcome.stderr)")
            #expect(!segments.isEmpty, "the job had no vader segments to leave behind")
            let survivors = MPIRun.killSurvivors(ranks)
            #expect(survivors.isEmpty, "ranks left running (now killed): \(survivors)")
            let left = sharedMemoryEntries().subtracting(shmBefore).filter { !$0.hasPrefix("gemmbench-") }
            #expect(left.isEmpty, "left in /dev/shm: \(left)")
            // mpirun's session directory, named for its pid, goes too.
            let session = Self.sessionDirectories().filter { $0.hasSuffix("/pid.\(run.pid)") }
            #expect(session.isEmpty, "left: \(session)")
            // What the ranks did not remove, so a failure does not spill into other tests.
            for name in left where name.hasPrefix("vader_segment.") { unlink("/dev/shm/" + name) }
            for path in session { _ = try? FileManager.default.removeItem(atPath: path) }
        }

        /// Open MPI's job-family session directories, /tmp/ompi.*/pid.*.
        static func sessionDirectories() -> [String] {
            let top = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
            return top.filter { $0.hasPrefix("ompi.") }.flatMap { directory in
                ((try? FileManager.default.contentsOfDirectory(atPath: "/tmp/" + directory)) ?? [])
                    .filter { $0.hasPrefix("pid.") }.map { "/tmp/\(directory)/\($0)" }
            }
        }
    }
}
