// How far apart two CPUs are, measured: one cache line bounced between two
// threads pinned to them. On a VM the hypervisor may place our vCPUs on
// distant physical cores for seconds at a time, which slows threads that share
// cache lines (OpenBLAS's own threads) but not separate worker processes.
#ifndef GEMMBENCH_COREROUNDTRIP_H
#define GEMMBENCH_COREROUNDTRIP_H

#include <stdint.h>

/// Nanoseconds per round trip of one cache line between a thread pinned to
/// `cpu_a` (the caller) and one pinned to `cpu_b` (a thread this call starts
/// and joins): the caller writes 1, the partner sees it and writes 0, the
/// caller sees that; `trips` times, timed on CLOCK_MONOTONIC, divided by
/// `trips`. The caller's own affinity is restored before returning.
/// Returns the nanoseconds, or -1 with errno set: EINVAL (a CPU this process
/// may not use, trips < 1), ETIMEDOUT (the trips took longer than
/// `limit_ns`: the partner was not scheduled), or what pthread_create or
/// sched_setaffinity set.
double gb_core_round_trip_ns(int cpu_a, int cpu_b, int trips, int64_t limit_ns);

#endif
