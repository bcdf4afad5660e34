import GemmCore
import SystemBoundary
import MPIWrapper

/// `RepetitionPolicy.measure` for a product every rank takes part in.
///
/// Each timed run starts after a barrier and lasts until the slowest rank is
/// done: its time is the maximum of the ranks' elapsed times (`MPI_Allreduce`
/// MAX). Every rank then holds the same samples, so all ranks agree on when
/// `minSeconds` is reached and stop after the same repetition — a rank that
/// decided alone could leave the others waiting in a collective forever.
public enum DistributedTiming {
    public static func measure(_ policy: RepetitionPolicy, on communicator: Communicator,
                               _ body: () throws -> Void) throws -> TimingStats {
        for _ in 0..<policy.warmups {
            try communicator.barrier()
            try body()
        }
        var samples: [Double] = []
        var total = 0.0
        while samples.count < policy.minRepetitions
                || (total < policy.minSeconds && samples.count < policy.maxRepetitions) {
            try communicator.barrier()
            let start = monotonicSeconds()
            try body()
            let elapsed = try communicator.allReduce(monotonicSeconds() - start, .max)
            samples.append(elapsed)
            total += elapsed
        }
        return TimingStats(samples: samples)
    }
}
